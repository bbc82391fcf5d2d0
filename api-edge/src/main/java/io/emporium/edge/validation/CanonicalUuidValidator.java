package io.emporium.edge.validation;

import io.emporium.messages.common.Identifiers;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link CanonicalUuid} with the contract's own rule, so that the edge and the aggregates never disagree. */
public class CanonicalUuidValidator implements ConstraintValidator<CanonicalUuid, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Identifiers.isCanonicalUuid(value);
    }
}
