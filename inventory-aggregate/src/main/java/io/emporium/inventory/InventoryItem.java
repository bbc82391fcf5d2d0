package io.emporium.inventory;

import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY;
import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.emporium.inventory.Reservation.Status;
import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.common.Text;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReservationClosed;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReservationRejected;
import io.emporium.messages.inventory.StockReserved;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One SKU of the catalogue: its name and unit price, the units on hand, and a ledger of reservations
 * keyed by order id.
 * <p>
 * Invariants: {@code reserved} is the sum of the ledger's RESERVED quantities, and
 * {@code available = onHand - reserved} never goes below zero. Every ledger entry is kept for good, a
 * refusal or a closing (a release that came first) as well as a reservation, so that reserving, releasing
 * or committing again for an order the ledger knows is recognised as a retry and answered as the first
 * command was.
 * <p>
 * Command handlers only decide (validate, then apply); fields change only in the event sourcing
 * handlers. The fields are read by Jackson directly when the item is stored as a snapshot.
 */
@Aggregate(snapshotTriggerDefinition = InventoryModule.SNAPSHOT_TRIGGER, cache = InventoryModule.CACHE)
@JsonAutoDetect(fieldVisibility = ANY, getterVisibility = NONE, isGetterVisibility = NONE)
public class InventoryItem {

    static final int MAX_NAME_LENGTH = 200;

    @AggregateIdentifier
    private String sku;
    private String name;
    private Money unitPrice;
    /** As registered; kept to tell an identical registration retry from a conflicting one. */
    private int initialStock;
    private int onHand;
    /** Sum of the RESERVED quantities in {@link #ledger}, kept alongside so deciding stays O(1). */
    private int reserved;
    private Map<String, Reservation> ledger = new HashMap<>();

    // Required by Axon (and by Jackson for snapshots) to rebuild the item from its events.
    protected InventoryItem() {
    }

    // ---- decisions -------------------------------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterProduct command, MetaData metaData) {
        Caller.of(metaData).requireMayOperate("registering a product");
        if (!Identifiers.isSku(command.sku())) {
            throw CommandRefusedException.ruleViolated("invalid-sku",
                    "SKU must be an upper-case letter followed by 1 to 39 upper-case letters, digits or dashes, was '"
                            + command.sku() + "'");
        }
        if (command.name() == null || command.name().isBlank()) {
            throw CommandRefusedException.ruleViolated("invalid-name", "product name must not be blank");
        }
        if (command.name().length() > MAX_NAME_LENGTH) {
            throw CommandRefusedException.ruleViolated("invalid-name",
                    "product name must be at most " + MAX_NAME_LENGTH + " characters, was "
                            + command.name().length());
        }
        Text.requireStorable("product name", command.name(), "invalid-name");
        if (command.unitPrice() == null) {
            throw CommandRefusedException.ruleViolated("invalid-unit-price", "unit price is required");
        }
        if (command.unitPrice().amountMinor() > RegisterProduct.MAX_UNIT_PRICE_MINOR) {
            // Decided here, where a price first enters: every order total priced from it then fits (decision 0045).
            throw CommandRefusedException.ruleViolated("invalid-unit-price",
                    "unit price must be at most " + RegisterProduct.MAX_UNIT_PRICE_MINOR + " minor units, was "
                            + command.unitPrice().amountMinor());
        }
        if (command.initialStock() < 0) {
            throw CommandRefusedException.ruleViolated("invalid-initial-stock",
                    "initial stock must not be negative, was " + command.initialStock());
        }
        if (isRegistered()) {
            if (command.name().equals(name) && command.unitPrice().equals(unitPrice)
                    && command.initialStock() == initialStock) {
                return; // the same registration again: a retry, already done
            }
            throw CommandRefusedException.conflict("product-already-registered",
                    "SKU " + sku + " is already registered as '" + name + "' at " + unitPrice
                            + " with initial stock " + initialStock);
        }
        apply(new ProductRegistered(command.sku(), command.name(), command.unitPrice(), command.initialStock()));
    }

    @CommandHandler
    void handle(ReceiveStock command, MetaData metaData) {
        Caller.of(metaData).requireMayOperate("receiving stock");
        requirePositive(command.quantity());
        if (command.quantity() > Integer.MAX_VALUE - onHand) {
            throw CommandRefusedException.ruleViolated("stock-overflow",
                    "receiving " + command.quantity() + " units of SKU " + sku + " on top of " + onHand
                            + " would exceed the largest stock that can be held (" + Integer.MAX_VALUE + ")");
        }
        apply(new StockReceived(sku, command.quantity(), onHand + command.quantity()));
    }

    @CommandHandler
    void handle(ReserveStock command) {
        requireOrderId(command.orderId());
        requirePositive(command.quantity());
        if (ledger.containsKey(command.orderId())) {
            // Whatever the entry's status, this order was already decided: a retry changes nothing.
            // In particular a late reserve arriving after its release must not set units aside again.
            return;
        }
        int available = available();
        if (command.quantity() > available) {
            // A refusal is an answer the ledger keeps, as it keeps a reservation (decision 0041): the saga has
            // counted this line as not reserved and rejected the order, so the same command delivered again
            // later, when stock may have come back, must get the same answer and set nothing aside.
            apply(new StockReservationRejected(sku, command.orderId(), command.quantity(), available,
                    "only " + available + " of SKU " + sku + " available, " + command.quantity() + " requested"));
            return;
        }
        apply(new StockReserved(sku, command.orderId(), command.quantity(), unitPrice,
                available - command.quantity()));
    }

    @CommandHandler
    void handle(ReleaseStock command) {
        requireOrderId(command.orderId());
        Reservation reservation = ledger.get(command.orderId());
        if (reservation == null) {
            // The order ended before its reservation was decided here (decision 0045): the ledger remembers it as
            // closed, so that a ReserveStock for it still on its way, or sent again, can never set units aside.
            apply(new ReservationClosed(sku, command.orderId(), command.reason()));
            return;
        }
        if (reservation.status() != Status.RESERVED && reservation.status() != Status.COMMITTED) {
            return; // compensations are repeatable: nothing (more) to give back
        }
        if (reservation.status() == Status.COMMITTED) {
            throw CommandRefusedException.conflict("reservation-already-committed",
                    "the reservation of order " + command.orderId() + " on SKU " + sku
                            + " was already committed; its units are sold and cannot be released");
        }
        apply(new StockReleased(sku, command.orderId(), reservation.quantity(), command.reason(),
                available() + reservation.quantity()));
    }

    @CommandHandler
    void handle(CommitReservation command) {
        Reservation reservation = ledger.get(command.orderId());
        if (reservation == null) {
            throw CommandRefusedException.conflict("no-reservation",
                    "order " + command.orderId() + " holds no reservation on SKU " + sku);
        }
        switch (reservation.status()) {
            case COMMITTED -> {
                // already sold: a retried commit changes nothing
            }
            case REFUSED -> throw CommandRefusedException.conflict("no-reservation",
                    "order " + command.orderId() + " holds no reservation on SKU " + sku
                            + ": its reservation was refused for lack of stock");
            case CLOSED -> throw CommandRefusedException.conflict("no-reservation",
                    "order " + command.orderId() + " holds no reservation on SKU " + sku
                            + ": it was released before anything was reserved");
            case RELEASED -> throw CommandRefusedException.conflict("reservation-released",
                    "the reservation of order " + command.orderId() + " on SKU " + sku
                            + " was released and cannot be committed");
            case RESERVED -> apply(new ReservationCommitted(sku, command.orderId(), reservation.quantity(),
                    onHand - reservation.quantity()));
        }
    }

    // ---- state changes ---------------------------------------------------------------------------

    @EventSourcingHandler
    void on(ProductRegistered event) {
        this.sku = event.sku();
        this.name = event.name();
        this.unitPrice = event.unitPrice();
        this.initialStock = event.initialStock();
        this.onHand = event.initialStock();
    }

    @EventSourcingHandler
    void on(StockReceived event) {
        this.onHand += event.quantity();
    }

    @EventSourcingHandler
    void on(StockReserved event) {
        ledger.put(event.orderId(), new Reservation(event.quantity(), event.unitPrice(), Status.RESERVED));
        this.reserved += event.quantity();
    }

    @EventSourcingHandler
    void on(StockReservationRejected event) {
        // Nothing set aside, so {@code reserved} is unchanged; the entry makes a later reserve for the order a retry.
        ledger.putIfAbsent(event.orderId(), new Reservation(event.requested(), null, Status.REFUSED));
    }

    @EventSourcingHandler
    void on(ReservationClosed event) {
        // Nothing set aside; the entry only makes a later reserve for the order a retry that changes nothing.
        ledger.putIfAbsent(event.orderId(), Reservation.CLOSED_ENTRY);
    }

    @EventSourcingHandler
    void on(StockReleased event) {
        Reservation reservation = ledger.get(event.orderId());
        ledger.put(event.orderId(), reservation.withStatus(Status.RELEASED));
        this.reserved -= reservation.quantity();
    }

    @EventSourcingHandler
    void on(ReservationCommitted event) {
        Reservation reservation = ledger.get(event.orderId());
        ledger.put(event.orderId(), reservation.withStatus(Status.COMMITTED));
        this.reserved -= reservation.quantity();
        this.onHand -= reservation.quantity();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private boolean isRegistered() {
        return sku != null;
    }

    private int available() {
        return onHand - reserved;
    }

    private static void requirePositive(int quantity) {
        if (quantity <= 0) {
            throw CommandRefusedException.ruleViolated("invalid-quantity",
                    "quantity must be greater than zero, was " + quantity);
        }
    }

    private static void requireOrderId(String orderId) {
        if (orderId == null || orderId.isBlank()) {
            throw CommandRefusedException.ruleViolated("invalid-order-id", "order id must not be blank");
        }
    }
}
