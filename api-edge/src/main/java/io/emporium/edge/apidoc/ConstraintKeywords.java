package io.emporium.edge.apidoc;

import io.emporium.edge.validation.CanonicalUuid;
import io.emporium.edge.validation.IsoCurrency;
import io.emporium.edge.validation.NewOrderId;
import io.emporium.edge.validation.Sku;
import io.emporium.messages.common.Identifiers;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The edge's own constraints in the description, as the JSON Schema keywords a client can check before it sends:
 * springdoc maps Bean Validation's standard constraints ({@code @Size}, {@code @Min}, ...) itself, and these
 * customizers map {@link Sku}, {@link CanonicalUuid}, {@link NewOrderId} and {@link IsoCurrency} on body properties
 * and on path or query parameters. The patterns are the contract's own ({@link Identifiers}), or, where the rule is
 * not one regular expression, the constant its annotation states and a test holds to the validator.
 */
@Configuration(proxyBeanMethods = false)
public class ConstraintKeywords {

    @Bean
    PropertyCustomizer emporiumConstraintProperties() {
        return (property, type) -> apply(property, annotations(type));
    }

    @Bean
    ParameterCustomizer emporiumConstraintParameters() {
        return (parameter, method) -> {
            if (parameter != null && parameter.getSchema() != null) {
                apply(parameter.getSchema(), method.getParameterAnnotations());
            }
            return parameter;
        };
    }

    private static Annotation[] annotations(AnnotatedType type) {
        return type.getCtxAnnotations() == null ? new Annotation[0] : type.getCtxAnnotations();
    }

    /** Sets the keywords of the edge's constraints among {@code annotations} on {@code schema}. */
    static Schema<?> apply(Schema<?> schema, Annotation[] annotations) {
        if (schema == null) {
            return null;
        }
        Stream<Class<? extends Annotation>> present = Arrays.stream(annotations).map(Annotation::annotationType);
        present.forEach(kind -> {
            if (kind == Sku.class) {
                schema.pattern(Identifiers.SKU.pattern());
            } else if (kind == CanonicalUuid.class) {
                schema.format("uuid").pattern(Identifiers.CANONICAL_UUID.pattern());
            } else if (kind == NewOrderId.class) {
                schema.format("uuid").pattern(NewOrderId.PATTERN);
            } else if (kind == IsoCurrency.class) {
                schema.pattern(IsoCurrency.PATTERN);
            }
        });
        return schema;
    }
}
