package io.emporium.edge.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The value must be an ISO-4217 currency code in upper case; {@code null} passes (pair with {@code @NotNull}). */
@Documented
@Constraint(validatedBy = IsoCurrencyValidator.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface IsoCurrency {

    /** The form of the code, for the API description; the validator also checks that ISO 4217 knows it. */
    String PATTERN = "^[A-Z]{3}$";

    String message() default "must be an ISO-4217 currency code in upper case";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
