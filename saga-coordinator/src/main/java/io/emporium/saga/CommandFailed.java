package io.emporium.saga;

/**
 * The payload of the saga's {@link OrderFulfilmentSaga#COMMAND_FAILED} deadline: a command it sent was not decided
 * in favour. {@link CommandDelivery} reports it from the thread that dispatched the command; the deadline brings it
 * into the saga's own unit of work, where the saga decides what follows.
 *
 * @param command the command's simple type name ({@code ReserveStock}, {@code RejectOrder}...)
 * @param sku     the SKU of a per-line command, null for the others
 * @param kind    what happened: never {@link DeliveryOutcome.Kind#DONE}
 * @param detail  the refusal's or failure's message
 */
public record CommandFailed(String command, String sku, DeliveryOutcome.Kind kind, String detail) {
}
