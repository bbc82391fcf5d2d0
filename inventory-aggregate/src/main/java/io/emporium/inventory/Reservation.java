package io.emporium.inventory;

import io.emporium.messages.common.Money;

/**
 * One entry of an item's reservation ledger: what an order set aside, at which unit price, and where
 * that reservation stands. A plain record so that Jackson can write and read it inside a snapshot.
 */
record Reservation(
        int quantity,
        Money unitPrice,
        Status status) {

    enum Status {
        /** Units set aside for the order; they count against available stock. */
        RESERVED,
        /** Units given back; the entry stays so that a late retry does not reserve again. */
        RELEASED,
        /** Units sold; they have left the stock on hand. */
        COMMITTED,
        /**
         * Nothing set aside: the request was refused for lack of stock. {@code quantity} is what was asked for and
         * {@code unitPrice} is null. The entry stays so that the same request delivered again is refused again.
         */
        REFUSED,
        /**
         * Nothing set aside: the order was released before any reservation for it was decided (decision 0045).
         * {@code quantity} is 0 and {@code unitPrice} null, so the entry stays as small as an entry can be. The entry
         * stays so that a reserve for the order delivered later sets nothing aside.
         */
        CLOSED
    }

    /** The entry of every closed order: they are all alike. */
    static final Reservation CLOSED_ENTRY = new Reservation(0, null, Status.CLOSED);

    Reservation withStatus(Status newStatus) {
        return new Reservation(quantity, unitPrice, newStatus);
    }
}
