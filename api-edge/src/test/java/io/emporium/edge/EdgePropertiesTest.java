package io.emporium.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class EdgePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EdgeProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void waitsTenSecondsForADecisionUnlessConfigured() {
        runner.run(context -> {
            EdgeProperties properties = context.getBean(EdgeProperties.class);
            assertThat(properties.commandTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void takesTheCommandTimeoutFromConfiguration() {
        runner.withPropertyValues("emporium.edge.command-timeout=2500ms")
              .run(context -> assertThat(context.getBean(EdgeProperties.class).commandTimeout())
                      .isEqualTo(Duration.ofMillis(2500)));
    }

    @Test
    void refusesToStartWithAZeroTimeout() {
        runner.withPropertyValues("emporium.edge.command-timeout=0s")
              .run(context -> assertThat(context).hasFailed());
    }
}
