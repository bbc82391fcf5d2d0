package io.emporium.edge.validation;

import io.emporium.messages.common.Money;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link IsoCurrency} with the contract's own rule, so that the edge and the aggregates never disagree. */
public class IsoCurrencyValidator implements ConstraintValidator<IsoCurrency, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Money.isIsoCurrency(value);
    }
}
