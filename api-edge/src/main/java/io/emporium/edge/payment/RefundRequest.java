package io.emporium.edge.payment;

import io.emporium.edge.common.MoneyBody;
import io.emporium.edge.validation.StorableText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/payments/{paymentId}/refunds}. {@code refundId} makes a repeated request
 * harmless; without {@code amount} the command carries none and the payment decides what is refundable.
 */
public record RefundRequest(@NotBlank @Size(max = 100) @StorableText String refundId,
                            @Valid MoneyBody amount,
                            @NotBlank @Size(max = 500) @StorableText String reason) {
}
