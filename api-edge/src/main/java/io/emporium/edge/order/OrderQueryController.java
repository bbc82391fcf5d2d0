package io.emporium.edge.order;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.command.AggregateVersions;
import io.emporium.edge.query.OrderUpdates;
import io.emporium.edge.query.QueryDispatcher;
import io.emporium.edge.query.ViewNotFoundException;
import io.emporium.edge.security.Callers;
import io.emporium.edge.security.ForbiddenException;
import io.emporium.edge.validation.CanonicalUuid;
import io.emporium.edge.validation.StorableText;
import io.emporium.messages.common.Caller;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.query.FindOrder;
import io.emporium.messages.query.FindOrdersOfCustomer;
import io.emporium.messages.query.FindPaymentOfOrder;
import io.emporium.messages.query.OrderSummaryPage;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.PaymentView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The order read side:
 * <ul>
 *   <li>{@code GET /api/orders/{orderId}[?waitMillis=n]}: the order view; with {@code waitMillis} (0 to
 *       10000) it waits that long for the view to appear, so a client can read the order it just placed;</li>
 *   <li>{@code GET /api/orders?customerId=&status=&page=&size=}: a customer's orders, newest first;</li>
 *   <li>{@code GET /api/orders/{orderId}/payment}: the order's payment and refunds;</li>
 *   <li>{@code GET /api/orders/{orderId}/updates}: its status changes as server-sent events.</li>
 * </ul>
 * Unknown orders answer 404 problem+json. A customer reads its own orders only (403 for another's; its list is
 * always its own); an operator reads every order.
 */
@Tag(name = ApiTags.ORDERS)
@RestController
@RequestMapping(path = "/api/orders")
public class OrderQueryController {

    static final int MAX_WAIT_MILLIS = 10_000;

    private final QueryDispatcher queries;
    private final OrderUpdates updates;
    private final AggregateVersions versions;

    public OrderQueryController(QueryDispatcher queries, OrderUpdates updates, AggregateVersions versions) {
        this.queries = queries;
        this.updates = updates;
        this.versions = versions;
    }

    /** The view with the aggregate's current version as its ETag (for If-Match on the aggregate's commands). */
    public static <T> ResponseEntity<T> withVersion(T view, Optional<String> etag) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        etag.ifPresent(answer::eTag);
        return answer.body(view);
    }

    @Operation(summary = "Read an order",
               description = "Status, lines priced at reservation, total and status history; waitMillis waits for a just placed order.")
    @GetMapping(path = "/{orderId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<OrderView> order(@PathVariable @CanonicalUuid String orderId,
                           @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_WAIT_MILLIS) int waitMillis) {
        OrderView view = waitMillis == 0
                ? queries.ask(new FindOrder(orderId), OrderView.class)
                : queries.awaitFirst(new FindOrder(orderId), OrderView.class, Duration.ofMillis(waitMillis));
        if (view == null) {
            throw new ViewNotFoundException("order", orderId);
        }
        ForbiddenException.unlessOwnedByCaller(view.customerId(), "order " + orderId);
        return withVersion(view, versions.etagOf(orderId));
    }

    @Operation(summary = "List a customer's orders",
               description = "Newest first; a customer lists its own, an operator names the customer.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public OrderSummaryPage ordersOfCustomer(
            @RequestParam(required = false) @Size(min = 1, max = 255) @StorableText String customerId,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(FindOrdersOfCustomer.MAX_SIZE) int size)
            throws MissingServletRequestParameterException {
        Caller caller = Callers.current();
        String customer = customerId;
        if (caller.isOnlyCustomer()) {
            if (customerId != null && !customerId.equals(caller.id())) {
                throw new ForbiddenException("a customer lists its own orders only; leave customerId out or give"
                        + " the token's subject");
            }
            customer = caller.id();
        } else if (customerId == null) {
            throw new MissingServletRequestParameterException("customerId", "String");
        }
        return queries.ask(new FindOrdersOfCustomer(customer, status, page, size), OrderSummaryPage.class);
    }

    @Operation(summary = "Read an order's payment",
               description = "Status, requested and authorized amounts, decline reason and refunds.")
    @GetMapping(path = "/{orderId}/payment", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<PaymentView> payment(@PathVariable @CanonicalUuid String orderId) {
        requireOwnOrder(orderId);
        PaymentView view = queries.ask(new FindPaymentOfOrder(orderId), PaymentView.class);
        if (view == null) {
            throw new ViewNotFoundException("payment for order", orderId);
        }
        return withVersion(view, versions.etagOf(view.paymentId()));
    }

    @Operation(summary = "Follow an order's status",
               description = "Server-sent events, one per status change, ending at a final status.")
    @GetMapping(path = "/{orderId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter updates(@PathVariable @CanonicalUuid String orderId) {
        requireOwnOrder(orderId);
        return updates.stream(orderId);
    }

    /**
     * For a customer: the order must be in the order view and be its own (403 otherwise, 404 when unknown).
     * Operators read any order without the extra query.
     */
    private void requireOwnOrder(String orderId) {
        if (!Callers.current().isOnlyCustomer()) {
            return;
        }
        OrderView view = queries.ask(new FindOrder(orderId), OrderView.class);
        if (view == null) {
            throw new ViewNotFoundException("order", orderId);
        }
        ForbiddenException.unlessOwnedByCaller(view.customerId(), "order " + orderId);
    }
}
