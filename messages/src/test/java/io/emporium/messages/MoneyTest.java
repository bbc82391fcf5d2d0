package io.emporium.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Money;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void isStoredAsExactlyItsAmountAndCurrency() throws Exception {
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        JsonNode json = strict.valueToTree(Money.of(24_900, "EUR"));

        assertThat(json.size()).isEqualTo(2);
        assertThat(json.get("amountMinor").asLong()).isEqualTo(24_900);
        assertThat(json.get("currency").asText()).isEqualTo("EUR");
        assertThat(strict.treeToValue(json, Money.class)).isEqualTo(Money.of(24_900, "EUR"));
    }

    @Test
    void refusesANegativeAmount() {
        assertThatThrownBy(() -> Money.of(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesACodeThatIsNotIso4217() {
        assertThatThrownBy(() -> Money.of(1, "XYZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(1, "eur")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addsAndSubtractsOnlyInOneCurrency() {
        assertThat(Money.of(5, "EUR").plus(Money.of(7, "EUR"))).isEqualTo(Money.of(12, "EUR"));
        assertThat(Money.of(7, "EUR").minus(Money.of(5, "EUR"))).isEqualTo(Money.of(2, "EUR"));
        assertThat(Money.of(7, "EUR").times(3)).isEqualTo(Money.of(21, "EUR"));
        assertThatThrownBy(() -> Money.of(5, "EUR").plus(Money.of(5, "USD"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(5, "EUR").minus(Money.of(6, "EUR"))).isInstanceOf(IllegalArgumentException.class);
    }
}
