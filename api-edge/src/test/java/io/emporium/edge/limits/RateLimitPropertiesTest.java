package io.emporium.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RateLimitPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RateLimitProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void everyGroupHasALimitAndTheBodyLimitIs64KilobytesUnlessConfigured() {
        runner.run(context -> {
            RateLimitProperties limits = context.getBean(RateLimitProperties.class);
            assertThat(limits.rateLimiting()).isTrue();
            assertThat(limits.commands()).isEqualTo(new RateLimitProperties.Limit(120, Duration.ofMinutes(1)));
            assertThat(limits.queries().capacity()).isEqualTo(600);
            assertThat(limits.admin().capacity()).isEqualTo(60);
            assertThat(limits.anonymous().capacity()).isEqualTo(30);
            assertThat(limits.maxRequestBody().toKilobytes()).isEqualTo(64);
        });
    }

    @Test
    void aGroupConfiguredInPartKeepsTheOtherDefault() {
        runner.withPropertyValues("emporium.edge.limits.queries.capacity=3").run(context -> assertThat(
                context.getBean(RateLimitProperties.class).queries())
                .isEqualTo(new RateLimitProperties.Limit(3, Duration.ofMinutes(1))));
    }

    @Test
    void aZeroCapacityOrPeriodStopsTheStart() {
        runner.withPropertyValues("emporium.edge.limits.commands.capacity=0")
              .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("emporium.edge.limits.admin.period=0s")
              .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("emporium.edge.limits.max-request-body=0B")
              .run(context -> assertThat(context).hasFailed());
    }
}
