package io.emporium.edge.common;

import io.emporium.edge.validation.IsoCurrency;
import io.emporium.messages.common.Money;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Money as JSON: {@code amount} in integer minor units (cents for EUR), {@code currency} an upper-case
 * ISO-4217 code. A fraction is refused when the body is read, never rounded.
 */
public record MoneyBody(@NotNull @Min(0) Long amount, @NotNull @IsoCurrency String currency) {

    public static MoneyBody of(Money money) {
        return new MoneyBody(money.amountMinor(), money.currency());
    }

    /** Only for a validated body: {@link Money} refuses what the constraints above refuse. */
    public Money toMoney() {
        return Money.of(amount, currency);
    }
}
