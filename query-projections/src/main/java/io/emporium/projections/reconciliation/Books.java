package io.emporium.projections.reconciliation;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.messages.projection.Discrepancy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The books folded from the event stream, one compact entry per SKU, order and payment: only the figures the
 * checks need, never the events themselves. Facts that are wrong the moment they are read (an order placed twice,
 * a reservation made twice, available stock that does not follow from on hand and held) are recorded as they are
 * folded; {@link Reconciler} checks the rest once the stream is read.
 * <p>
 * {@code position} is the event's global position in the store, {@code sequence} its aggregate's sequence number:
 * the first says whether a projection has seen the event, the second is what a read-model row remembers.
 */
final class Books {

    final Map<String, Sku> skus = new HashMap<>();
    final Map<String, Order> orders = new HashMap<>();
    final Map<String, Payment> payments = new HashMap<>();
    final List<Discrepancy> found = new ArrayList<>();

    /** Folds one event; payloads of other types are ignored. */
    void apply(Object payload, long sequence, long position) {
        if (payload instanceof ProductRegistered e) {
            registered(e, sequence, position);
        } else if (payload instanceof StockReceived e) {
            sku(e.sku(), sequence, position).received(e);
        } else if (payload instanceof StockReserved e) {
            reserved(e, sequence, position);
        } else if (payload instanceof StockReleased e) {
            released(e, sequence, position);
        } else if (payload instanceof ReservationCommitted e) {
            committed(e, sequence, position);
        } else if (payload instanceof OrderPlaced e) {
            placed(e, sequence, position);
        } else if (payload instanceof OrderConfirmed e) {
            order(e.orderId(), sequence, position).status = OrderStatus.CONFIRMED;
        } else if (payload instanceof OrderRejected e) {
            order(e.orderId(), sequence, position).status = OrderStatus.REJECTED;
        } else if (payload instanceof OrderCancelled e) {
            order(e.orderId(), sequence, position).status = OrderStatus.CANCELLED;
        } else if (payload instanceof PaymentAuthorizationRequested e) {
            requested(e, sequence, position);
        } else if (payload instanceof PaymentAuthorized e) {
            authorized(e, sequence, position);
        } else if (payload instanceof PaymentDeclined e) {
            payment(e.paymentId(), sequence, position).status = PaymentStatus.DECLINED;
        } else if (payload instanceof PaymentRefunded e) {
            refunded(e, sequence, position);
        }
    }

    private void registered(ProductRegistered e, long sequence, long position) {
        Sku sku = sku(e.sku(), sequence, position);
        if (sku.registered) {
            found.add(new Discrepancy("duplicate-product", e.sku(), "Product " + e.sku() + " is registered twice."));
            return;
        }
        sku.registered = true;
        sku.name = e.name();
        sku.unitPrice = e.unitPrice();
        sku.initial = e.initialStock();
        sku.onHand = e.initialStock();
    }

    private void reserved(StockReserved e, long sequence, long position) {
        Sku sku = sku(e.sku(), sequence, position);
        Order order = orders.get(e.orderId());
        if (sku.held.containsKey(e.orderId()) || order != null && order.committed.containsKey(e.sku())) {
            found.add(new Discrepancy("duplicate-reservation", e.orderId(),
                                      "SKU " + e.sku() + " is reserved twice for order " + e.orderId() + " (again "
                                              + e.quantity() + " units at sequence " + sequence + ")."));
        }
        sku.held.merge(e.orderId(), e.quantity(), Integer::sum);
        sku.checkAvailable(e.availableAfter(), sequence, found);
        if (order != null) {
            order.prices.put(e.sku(), e.unitPrice());
            order.touched(position);
        }
    }

    private void released(StockReleased e, long sequence, long position) {
        Sku sku = sku(e.sku(), sequence, position);
        Integer held = sku.held.remove(e.orderId());
        if (held != null && held != e.quantity()) {
            found.add(new Discrepancy("stock-balance-mismatch", e.sku(),
                                      "SKU " + e.sku() + " released " + e.quantity() + " units for order "
                                              + e.orderId() + ", which held " + held + "."));
        }
        sku.checkAvailable(e.availableAfter(), sequence, found);
        touchOrder(e.orderId(), position);
    }

    private void committed(ReservationCommitted e, long sequence, long position) {
        Sku sku = sku(e.sku(), sequence, position);
        sku.held.remove(e.orderId());
        sku.committedUnits += e.quantity();
        sku.onHand = e.onHandAfter();
        Order order = orders.get(e.orderId());
        if (order != null) {
            order.committed.merge(e.sku(), e.quantity(), Integer::sum);
            order.touched(position);
        }
    }

    private void placed(OrderPlaced e, long sequence, long position) {
        Order order = orders.get(e.orderId());
        if (order != null && order.placed) {
            found.add(new Discrepancy("duplicate-order", e.orderId(),
                                      "Order " + e.orderId() + " is placed twice (again at sequence " + sequence
                                              + ")."));
        }
        order = order(e.orderId(), sequence, position);
        order.placed = true;
        order.customerId = e.customerId();
        order.lines = e.lines();
        order.status = OrderStatus.PENDING;
    }

    private void requested(PaymentAuthorizationRequested e, long sequence, long position) {
        Payment payment = payments.get(e.paymentId());
        if (payment != null && payment.requested != null) {
            found.add(new Discrepancy("duplicate-payment", e.paymentId(),
                                      "Payment " + e.paymentId() + " is requested twice (again for order "
                                              + e.orderId() + " at sequence " + sequence + ")."));
        }
        payment = payment(e.paymentId(), sequence, position);
        payment.orderId = e.orderId();
        payment.requested = e.amount();
        payment.status = PaymentStatus.AUTHORIZATION_REQUESTED;
    }

    private void authorized(PaymentAuthorized e, long sequence, long position) {
        Payment payment = payment(e.paymentId(), sequence, position);
        if (payment.authorized != null) {
            found.add(new Discrepancy("duplicate-payment", e.paymentId(),
                                      "Payment " + e.paymentId() + " is authorized twice (" + payment.authorized
                                              + ", then " + e.amount() + ")."));
        }
        payment.authorized = e.amount();
        payment.status = PaymentStatus.AUTHORIZED;
        if (payment.orderId == null) {
            payment.orderId = e.orderId();
        }
    }

    private void refunded(PaymentRefunded e, long sequence, long position) {
        Payment payment = payment(e.paymentId(), sequence, position);
        payment.refunded = e.refundedTotal();
        payment.status = e.refundedTotal().equals(payment.authorized) ? PaymentStatus.REFUNDED
                                                                      : PaymentStatus.PARTIALLY_REFUNDED;
    }

    private void touchOrder(String orderId, long position) {
        Order order = orders.get(orderId);
        if (order != null) {
            order.touched(position);
        }
    }

    private Sku sku(String id, long sequence, long position) {
        Sku sku = skus.computeIfAbsent(id, Sku::new);
        sku.lastSequence = sequence;
        sku.lastPosition = position;
        return sku;
    }

    private Order order(String id, long sequence, long position) {
        Order order = orders.computeIfAbsent(id, Order::new);
        order.lastSequence = sequence;
        order.touched(position);
        return order;
    }

    private Payment payment(String id, long sequence, long position) {
        Payment payment = payments.computeIfAbsent(id, Payment::new);
        payment.lastSequence = sequence;
        payment.lastPosition = position;
        return payment;
    }

    /** One SKU: stock figures and the units held per order. */
    static final class Sku {
        final String sku;
        boolean registered;
        String name;
        Money unitPrice;
        long initial;
        long receivedUnits;
        long committedUnits;
        long onHand;
        final Map<String, Integer> held = new LinkedHashMap<>();
        long lastSequence = -1;
        long lastPosition = -1;
        boolean availabilityReported;

        Sku(String sku) {
            this.sku = sku;
        }

        void received(StockReceived e) {
            receivedUnits += e.quantity();
            onHand = e.onHandAfter();
        }

        long heldUnits() {
            return held.values().stream().mapToLong(Integer::longValue).sum();
        }

        void checkAvailable(int availableAfter, long sequence, List<Discrepancy> found) {
            long expected = onHand - heldUnits();
            if (availableAfter != expected && !availabilityReported) {
                availabilityReported = true;
                found.add(new Discrepancy("stock-availability-mismatch", sku,
                                          "SKU " + sku + " says " + availableAfter + " available at sequence "
                                                  + sequence + ", but " + onHand + " on hand less " + heldUnits()
                                                  + " held is " + expected + "."));
            }
        }
    }

    /** One order: status, lines, the unit price each line was reserved at and the units committed per SKU. */
    static final class Order {
        final String orderId;
        boolean placed;
        String customerId;
        List<OrderLine> lines = List.of();
        OrderStatus status;
        final Map<String, Money> prices = new HashMap<>();
        final Map<String, Integer> committed = new HashMap<>();
        long lastSequence = -1;
        long lastPosition = -1;

        Order(String orderId) {
            this.orderId = orderId;
        }

        void touched(long position) {
            lastPosition = Math.max(lastPosition, position);
        }

        boolean isFinal() {
            return status != null && status.isFinal();
        }

        /** The sum of the committed units at their reserved prices; null if nothing is committed. */
        Money committedTotal() {
            Money total = null;
            for (Map.Entry<String, Integer> line : committed.entrySet()) {
                Money price = prices.get(line.getKey());
                if (price != null) {
                    Money amount = price.times(line.getValue());
                    total = total == null ? amount : total.plus(amount);
                }
            }
            return total;
        }
    }

    /** One payment: the amount asked, authorized and refunded. */
    static final class Payment {
        final String paymentId;
        String orderId;
        Money requested;
        Money authorized;
        Money refunded;
        PaymentStatus status;
        long lastSequence = -1;
        long lastPosition = -1;

        Payment(String paymentId) {
            this.paymentId = paymentId;
        }

        /** Authorized and not refunded in full. */
        boolean holdsMoney() {
            return authorized != null && authorized.amountMinor() > (refunded == null ? 0 : refunded.amountMinor());
        }
    }
}
