package io.emporium.messages.common;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in integer minor units (cents for EUR, yen for JPY) of an ISO-4217 currency.
 * Never a floating point number.
 *
 * <p>Stored inside events as exactly {@code {"amountMinor":…,"currency":…}}: keep bean-style accessors
 * ({@code getX}, {@code isX}) off this record, or Jackson writes them into every stored event.
 */
public record Money(long amountMinor, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amountMinor);
        }
        if (!isIsoCurrency(currency)) {
            throw new IllegalArgumentException("not an ISO-4217 currency code: " + currency);
        }
    }

    public static Money of(long amountMinor, String currency) {
        return new Money(amountMinor, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public static boolean isIsoCurrency(String code) {
        if (code == null || code.length() != 3 || !code.equals(code.toUpperCase())) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException notIso) {
            return false;
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amountMinor, other.amountMinor), currency);
    }

    public Money times(int factor) {
        return new Money(Math.multiplyExact(amountMinor, (long) factor), currency);
    }

    public boolean isGreaterThan(Money other) {
        requireSameCurrency(other);
        return amountMinor > other.amountMinor;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amountMinor + " " + currency + " (minor units)";
    }
}
