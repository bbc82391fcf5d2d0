package io.emporium.edge.validation;

import io.emporium.messages.common.Text;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link StorableText} with the contract's own rule, so that the edge and the aggregates never disagree. */
public class StorableTextValidator implements ConstraintValidator<StorableText, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return Text.isStorable(value);
    }
}
