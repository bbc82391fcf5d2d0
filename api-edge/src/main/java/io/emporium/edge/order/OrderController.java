package io.emporium.edge.order;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.command.AggregateVersions;
import io.emporium.edge.command.CommandDispatcher;
import io.emporium.edge.command.CommandTarget;
import io.emporium.edge.security.Callers;
import io.emporium.edge.security.ForbiddenException;
import io.emporium.edge.validation.CanonicalUuid;
import io.emporium.messages.common.Caller;
import io.emporium.messages.order.CancelOrder;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.PlaceOrder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/orders} places an order (202: the order is PENDING while the saga reserves stock and
 * authorizes payment); {@code POST /api/orders/{orderId}/cancel} cancels it (202: stock release and refund
 * follow). Customers only: the order is placed for the token's subject, and the order aggregate refuses to cancel
 * another customer's order (403).
 */
@Tag(name = ApiTags.ORDERS)
@RestController
@RequestMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
public class OrderController {

    /** The reason recorded when the customer cancels without giving one. */
    static final String DEFAULT_CANCEL_REASON = "cancelled by the customer";

    private final CommandDispatcher commands;

    public OrderController(CommandDispatcher commands) {
        this.commands = commands;
    }

    static String orderPath(String orderId) {
        return "/api/orders/" + orderId;
    }

    @Operation(summary = "Place an order",
               description = "For the token's subject; the order is PENDING (202) while stock is reserved and payment authorized.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<OrderAccepted> place(@Valid @RequestBody PlaceOrderRequest request) {
        Caller caller = Callers.current();
        if (request.customerId() != null && !request.customerId().equals(caller.id())) {
            throw new ForbiddenException("customerId names another customer than the caller; leave it out, the order"
                    + " is placed for the token's subject");
        }
        PlaceOrder command = request.toCommand(caller.id());
        commands.dispatch(command, CommandTarget.order(command.orderId()));
        return ResponseEntity.accepted()
                             .location(URI.create(orderPath(command.orderId())))
                             .body(OrderAccepted.of(command.orderId(), OrderStatus.PENDING));
    }

    @Operation(summary = "Cancel an order",
               description = "Your own order, while it is not final; stock release and refund follow (202). If-Match"
                       + " with the order's ETag: only if unchanged since (412 otherwise).")
    @PostMapping(path = "/{orderId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<OrderAccepted> cancel(@PathVariable @CanonicalUuid String orderId,
                                                @Valid @RequestBody(required = false) CancelOrderRequest request,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                                String ifMatch) {
        String reason = request == null || request.reason() == null || request.reason().isBlank()
                ? DEFAULT_CANCEL_REASON
                : request.reason();
        commands.dispatch(new CancelOrder(orderId, reason, AggregateVersions.expectedVersion(ifMatch)),
                          CommandTarget.order(orderId));
        return ResponseEntity.accepted()
                             .location(URI.create(orderPath(orderId)))
                             .body(OrderAccepted.of(orderId, OrderStatus.CANCELLED));
    }
}
