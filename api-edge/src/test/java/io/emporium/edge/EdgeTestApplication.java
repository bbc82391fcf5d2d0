package io.emporium.edge;

import io.emporium.edge.security.TokenMinter;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The configuration {@code @WebMvcTest} finds for the edge's slice tests: the edge module alone, on the
 * web slice's auto-configuration (Axon's is not part of it; the gateway and event store are mocks).
 * Every request carries, unless the test sets its own {@code Authorization}, the token of {@link #DEFAULT_CALLER},
 * a caller with both roles, so that tests about something else are not about security.
 */
@SpringBootConfiguration
@Import(EdgeModule.class)
public class EdgeTestApplication {

    public static final String ISSUER = "emporium-edge-test";
    public static final String AUDIENCE = "emporium";
    public static final String SECRET = "edge-slice-tests-secret-0123456789abcdef";
    public static final String DEFAULT_CALLER = "customer-7";
    public static final TokenMinter TOKENS = new TokenMinter(ISSUER, AUDIENCE, SECRET);

    /** {@code Authorization} header value for a token of {@code subject} with these roles, valid for an hour. */
    public static String bearer(String subject, String... roles) {
        return "Bearer " + TOKENS.mint(subject, List.of(roles), Duration.ofHours(1));
    }

    @Bean
    MockMvcBuilderCustomizer defaultCaller() {
        String header = bearer(DEFAULT_CALLER, "customer", "operator");
        return builder -> builder.defaultRequest(MockMvcRequestBuilders.get("/").header(HttpHeaders.AUTHORIZATION, header));
    }
}
