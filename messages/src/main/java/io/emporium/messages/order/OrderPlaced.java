package io.emporium.messages.order;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * An order was placed. {@code paymentId} is the payment the order is to be paid by, decided when it is placed.
 *
 * <p>Revision 2 (decision 0052): revision 1 had no {@code paymentId}. Events stored as revision 1, or without a
 * revision (everything stored before revisions existed), are read through
 * {@link io.emporium.messages.upcasting.OrderPlacedPaymentIdUpcaster}, which derives it from the order id as every
 * order's payment id always was derived.
 */
@Revision("2")
public record OrderPlaced(String orderId, String customerId, List<OrderLine> lines, String paymentMethodToken,
                          String paymentId) {

    public OrderPlaced {
        lines = List.copyOf(lines);
    }
}
