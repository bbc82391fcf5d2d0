package io.emporium.edge.order;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** No SKU appears on two lines of one order: quantities of a SKU belong on one line. */
@Documented
@Constraint(validatedBy = DistinctSkus.Validator.class)
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface DistinctSkus {

    String message() default "must not name the same sku on two lines";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<DistinctSkus, List<OrderLineRequest>> {

        @Override
        public boolean isValid(List<OrderLineRequest> lines, ConstraintValidatorContext context) {
            if (lines == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            return lines.stream()
                        .filter(Objects::nonNull)
                        .map(OrderLineRequest::sku)
                        .filter(Objects::nonNull)
                        .allMatch(seen::add);
        }
    }
}
