package io.emporium.edge.payment;

import io.emporium.edge.command.CommandDispatcher;
import io.emporium.edge.command.CommandTarget;
import io.emporium.edge.validation.CanonicalUuid;
import io.emporium.messages.payment.RefundPayment;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/payments/{paymentId}/refunds}: an operator refunds a payment (200). */
@RestController
@RequestMapping(path = "/api/payments", produces = MediaType.APPLICATION_JSON_VALUE)
public class PaymentController {

    private final CommandDispatcher commands;

    public PaymentController(CommandDispatcher commands) {
        this.commands = commands;
    }

    @Operation(summary = "Refund a payment",
               description = "All that is left, or the amount given, never beyond what was authorized.")
    @PostMapping(path = "/{paymentId}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RefundAccepted refund(@PathVariable @CanonicalUuid String paymentId,
                                 @Valid @RequestBody RefundRequest request) {
        RefundPayment command = new RefundPayment(paymentId, request.refundId(),
                                                  request.amount() == null ? null : request.amount().toMoney(),
                                                  request.reason());
        commands.dispatch(command, CommandTarget.payment(paymentId));
        return new RefundAccepted(paymentId, request.refundId());
    }
}
