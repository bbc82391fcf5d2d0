package io.emporium.edge.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.emporium.messages.inventory.RegisterProduct;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A unit price no larger than the contract's {@code RegisterProduct.MAX_UNIT_PRICE_MINOR} (decision 0045), so that
 * every order total priced from it fits; a body without an amount passes (its own {@code @NotNull} says so).
 */
@Documented
@Constraint(validatedBy = UnitPriceValidator.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface UnitPrice {

    String message() default "amount must be at most " + RegisterProduct.MAX_UNIT_PRICE_MINOR + " minor units";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
