package io.emporium.edge.payment;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.command.AggregateVersions;
import io.emporium.edge.command.CommandDispatcher;
import io.emporium.edge.command.CommandTarget;
import io.emporium.edge.validation.CanonicalUuid;
import io.emporium.messages.payment.RefundPayment;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/payments/{paymentId}/refunds}: an operator refunds a payment (200). */
@Tag(name = ApiTags.PAYMENTS)
@RestController
@RequestMapping(path = "/api/payments", produces = MediaType.APPLICATION_JSON_VALUE)
public class PaymentController {

    private final CommandDispatcher commands;

    public PaymentController(CommandDispatcher commands) {
        this.commands = commands;
    }

    @Operation(summary = "Refund a payment",
               description = "All that is left, or the amount given, never beyond what was authorized. If-Match with"
                       + " the payment's ETag: only if unchanged since (412 otherwise).")
    @PostMapping(path = "/{paymentId}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RefundAccepted refund(@PathVariable @CanonicalUuid String paymentId,
                                 @Valid @RequestBody RefundRequest request,
                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        RefundPayment command = new RefundPayment(paymentId, request.refundId(),
                                                  request.amount() == null ? null : request.amount().toMoney(),
                                                  request.reason(), AggregateVersions.expectedVersion(ifMatch));
        commands.dispatch(command, CommandTarget.payment(paymentId));
        return new RefundAccepted(paymentId, request.refundId());
    }
}
