package io.emporium.edge.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Optional body of {@code POST /api/admin/rebuilds}: the projections to rebuild together (by name); none, or no body,
 * rebuilds every projection.
 */
public record StartRebuildRequest(@Size(max = 10) List<@NotBlank @Size(max = 100) String> projections) {
}
