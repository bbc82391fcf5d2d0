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
        REFUSED
    }

    Reservation withStatus(Status newStatus) {
        return new Reservation(quantity, unitPrice, newStatus);
    }
}
