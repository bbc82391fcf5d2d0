package io.emporium.edge.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /api/admin/rebuilds}: the projections to rebuild together (by name), at least one; {@code {}}
 * (no {@code projections}) rebuilds every projection. An empty list, and an empty body, are refused rather than read
 * as "all". {@code maxEventsPerSecond} bounds the rebuild's rate: 0 for none, absent for the platform's setting
 * ({@code emporium.projections.rebuild.max-events-per-second}).
 */
public record StartRebuildRequest(@Size(min = 1, max = 10) List<@NotBlank @Size(max = 100) String> projections,
                                  @Min(0) @Max(10_000_000) Integer maxEventsPerSecond) {
}
