package io.emporium.edge.validation;

import io.emporium.messages.common.Identifiers;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link NewOrderId} with the contract's own rule, so that the edge and the aggregates never disagree. */
public class NewOrderIdValidator implements ConstraintValidator<NewOrderId, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Identifiers.isNewOrderId(value);
    }
}
