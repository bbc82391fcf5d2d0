package io.emporium.messages.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.OrderPlaced;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link OrderPlaced} from revision 1 to 2: adds {@code paymentId}, derived from the order id by
 * {@link Identifiers#paymentIdFor}, the rule by which the order saga chose every payment id before revision 2.
 * A stored event without a revision was written before event types had one, in revision 1's shape (decision 0052).
 *
 * <p>Works on the Jackson serializer's {@link JsonNode}; the stored event itself is never changed.
 */
public final class OrderPlacedPaymentIdUpcaster extends SingleEventUpcaster {

    static final String TYPE = OrderPlaced.class.getName();
    static final SerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        SerializedType type = representation.getType();
        return TYPE.equals(type.getName()) && (type.getRevision() == null || "1".equals(type.getRevision()));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, OrderPlacedPaymentIdUpcaster::withPaymentId);
    }

    /** Revision 1's payload with the payment id of its order added (a copy; the input is left as it was). */
    static JsonNode withPaymentId(JsonNode revision1) {
        ObjectNode revision2 = revision1.deepCopy();
        JsonNode orderId = revision2.get("orderId");
        if (orderId == null || !orderId.isTextual()) {
            throw new IllegalArgumentException("an OrderPlaced of revision 1 without a text orderId: " + revision1);
        }
        revision2.put("paymentId", Identifiers.paymentIdFor(orderId.textValue()));
        return revision2;
    }
}
