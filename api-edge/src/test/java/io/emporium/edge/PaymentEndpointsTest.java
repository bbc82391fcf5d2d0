package io.emporium.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.edge.problem.ProblemTypes;
import io.emporium.messages.common.Money;
import io.emporium.messages.payment.RefundPayment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class PaymentEndpointsTest extends EdgeWebTest {

    private ResultActions refund(String paymentId, String body) throws Exception {
        return mvc.perform(post("/api/payments/{id}/refunds", paymentId).contentType(MediaType.APPLICATION_JSON)
                                                                       .content(body));
    }

    @Test
    void refundingAnAmountAnswers200AndSendsTheAmountInMinorUnits() throws Exception {
        givenCommandsAreAccepted();

        refund(PAYMENT_ID, """
                {"refundId": "refund-1", "amount": {"amount": 500, "currency": "EUR"}, "reason": "damaged"}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paymentId").value(PAYMENT_ID))
                .andExpect(jsonPath("$.refundId").value("refund-1"));

        assertThat(sentCommand(RefundPayment.class))
                .isEqualTo(new RefundPayment(PAYMENT_ID, "refund-1", Money.of(500, "EUR"), "damaged"));
    }

    @Test
    void refundingWithoutAnAmountSendsNone() throws Exception {
        givenCommandsAreAccepted();

        refund(PAYMENT_ID, "{\"refundId\": \"refund-2\", \"reason\": \"goodwill\"}").andExpect(status().isOk());

        assertThat(sentCommand(RefundPayment.class))
                .isEqualTo(new RefundPayment(PAYMENT_ID, "refund-2", null, "goodwill"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing refund id    | {"reason": "r"}                                                                    | refundId
            missing reason       | {"refundId": "r-1"}                                                                | reason
            lower-case currency  | {"refundId": "r-1", "amount": {"amount": 5, "currency": "eur"}, "reason": "r"}     | amount.currency
            negative amount      | {"refundId": "r-1", "amount": {"amount": -5, "currency": "EUR"}, "reason": "r"}    | amount.amount
            """)
    void refusesARefundThatBreaksARuleNamingTheFieldAndSendsNothing(String caseName, String body, String field)
            throws Exception {
        refund(PAYMENT_ID, body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.errors[?(@.field == '" + field + "')]").exists());
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesARefundForAPaymentIdThatIsNotAUuid() throws Exception {
        refund("payment-1", "{\"refundId\": \"r-1\", \"reason\": \"r\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("paymentId"));
        verifyNoInteractions(commandGateway);
    }
}
