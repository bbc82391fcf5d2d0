package io.emporium.edge.order;

import io.emporium.edge.validation.StorableText;
import jakarta.validation.constraints.Size;

/** Optional body of {@code POST /api/orders/{orderId}/cancel}. */
public record CancelOrderRequest(@Size(max = 500) @StorableText String reason) {
}
