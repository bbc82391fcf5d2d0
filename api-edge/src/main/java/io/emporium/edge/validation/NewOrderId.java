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

/**
 * The value must be an id a new order may take: a UUID in canonical lower-case form, of any version but 3 (the form
 * of payment ids); {@code null} passes (pair with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = NewOrderIdValidator.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface NewOrderId {

    /** The rule as one regular expression, for the API description: a canonical UUID whose version digit is not 3. */
    String PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-24-9a-f][0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$";

    String message() default
            "must be a UUID in canonical lower-case form, of any version but 3 (the form of payment ids)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
