package io.emporium.edge;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The configuration {@code @WebMvcTest} finds for the edge's slice tests: the edge module alone, on the
 * web slice's auto-configuration (Axon's is not part of it; the gateway and event store are mocks).
 */
@SpringBootConfiguration
@Import(EdgeModule.class)
public class EdgeTestApplication {
}
