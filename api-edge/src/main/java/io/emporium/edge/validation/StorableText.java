package io.emporium.edge.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.emporium.messages.common.Text;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Free text every store can hold: no U+0000, no control character but tab, line feed and carriage return, no UTF-16
 * surrogate without its pair (the contract's {@code Text} rule, decision 0045); {@code null} passes.
 */
@Documented
@Constraint(validatedBy = StorableTextValidator.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface StorableText {

    String message() default Text.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
