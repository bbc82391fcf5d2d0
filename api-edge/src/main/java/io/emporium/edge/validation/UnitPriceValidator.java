package io.emporium.edge.validation;

import io.emporium.edge.common.MoneyBody;
import io.emporium.messages.inventory.RegisterProduct;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link UnitPrice} against the limit the inventory item decides with. */
public class UnitPriceValidator implements ConstraintValidator<UnitPrice, MoneyBody> {

    @Override
    public boolean isValid(MoneyBody value, ConstraintValidatorContext context) {
        return value == null || value.amount() == null || value.amount() <= RegisterProduct.MAX_UNIT_PRICE_MINOR;
    }
}
