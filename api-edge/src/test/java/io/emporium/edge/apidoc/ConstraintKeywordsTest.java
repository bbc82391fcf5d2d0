package io.emporium.edge.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.edge.validation.IsoCurrency;
import io.emporium.edge.validation.NewOrderId;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The patterns the API description states for the edge's own constraints say what the validators decide. */
class ConstraintKeywordsTest {

    @Test
    void theNewOrderIdPatternAcceptsWhatTheContractAccepts() {
        Pattern pattern = Pattern.compile(NewOrderId.PATTERN);
        List<String> samples = new java.util.ArrayList<>(List.of(
                UUID.randomUUID().toString(), Identifiers.paymentIdFor(UUID.randomUUID().toString()),
                "7b0f8a52-3c1e-4d7a-9a43-52f1b0c9e2d4", "7B0F8A52-3C1E-4D7A-9A43-52F1B0C9E2D4",
                "7b0f8a52-3c1e-3d7a-9a43-52f1b0c9e2d4", "7b0f8a52-3c1e-0d7a-9a43-52f1b0c9e2d4", "not-a-uuid", ""));
        for (char version : "0123456789abcdef".toCharArray()) {
            samples.add("7b0f8a52-3c1e-" + version + "d7a-9a43-52f1b0c9e2d4");
        }
        for (String sample : samples) {
            assertThat(pattern.matcher(sample).matches()).as(sample).isEqualTo(Identifiers.isNewOrderId(sample));
        }
    }

    @Test
    void theCurrencyPatternAdmitsEveryCodeTheContractAccepts() {
        Pattern pattern = Pattern.compile(IsoCurrency.PATTERN);
        for (String code : List.of("EUR", "USD", "JPY", "eur", "EU", "EURO", "XYZ", "E1R")) {
            if (Money.isIsoCurrency(code)) {
                assertThat(pattern.matcher(code).matches()).as(code).isTrue();
            } else if (!pattern.matcher(code).matches()) {
                assertThat(Money.isIsoCurrency(code)).as(code).isFalse();
            }
        }
        assertThat(pattern.matcher("eur").matches()).isFalse();
        assertThat(pattern.matcher("EURO").matches()).isFalse();
    }

    @Test
    void theRolesOfAnOperationAreTheSecurityRulesOfItsPath() {
        assertThat(ApiDescription.rolesFor("/api/orders/{orderId}",
                io.swagger.v3.oas.models.PathItem.HttpMethod.GET)).containsExactly("customer", "operator");
        assertThat(ApiDescription.rolesFor("/api/orders/{orderId}/cancel",
                io.swagger.v3.oas.models.PathItem.HttpMethod.POST)).containsExactly("customer");
        assertThat(ApiDescription.rolesFor("/api/admin/rebuilds/{id}",
                io.swagger.v3.oas.models.PathItem.HttpMethod.DELETE)).containsExactly("operator");
        assertThat(ApiDescription.rolesFor("/api/products/{sku}/stock",
                io.swagger.v3.oas.models.PathItem.HttpMethod.POST)).containsExactly("operator");
        assertThat(ApiDescription.rolesFor("/local/tokens", io.swagger.v3.oas.models.PathItem.HttpMethod.POST))
                .isNull();
    }
}
