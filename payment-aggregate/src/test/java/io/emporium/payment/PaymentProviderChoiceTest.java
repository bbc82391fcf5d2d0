package io.emporium.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.emporium.payment.provider.PaymentProvider;
import io.emporium.payment.provider.SimulatedPaymentProvider;
import io.emporium.payment.provider.http.HttpPaymentProvider;
import io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code emporium.payment.provider} chooses the provider, and the platform refuses to start with a choice it must
 * not run with: the simulated provider outside the profiles local, test and benchmark, the HTTP provider without its
 * base URL or API key.
 */
class PaymentProviderChoiceTest {

    private final ApplicationContextRunner module = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class,
                    CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
            .withBean(CommandGateway.class, () -> mock(CommandGateway.class))
            .withUserConfiguration(PaymentModule.class);

    @Test
    void theSimulatedProviderRunsInTheProfilesLocalTestAndBenchmark() {
        for (String profile : new String[]{"local", "test", "benchmark"}) {
            module.withPropertyValues("emporium.payment.provider=simulated", "spring.profiles.active=" + profile)
                  .run(context -> assertThat(context).hasNotFailed()
                                                     .getBean(PaymentProvider.class)
                                                     .isInstanceOf(SimulatedPaymentProvider.class));
        }
    }

    @Test
    void theSimulatedProviderIsRefusedInAnyOtherProfile() {
        for (String profiles : new String[]{"", "production", "production,distributed"}) {
            module.withPropertyValues("emporium.payment.provider=simulated", "spring.profiles.active=" + profiles)
                  .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                          .hasMessageContaining("emporium.payment.provider is 'simulated'")
                          .hasMessageContaining("none of the profiles local | test | benchmark is active"));
        }
    }

    @Test
    void theHttpProviderIsTheDefaultAndRunsWithItsBaseUrlAndApiKey() {
        module.withPropertyValues("emporium.payment.http.base-url=https://payments.example.com",
                                  "emporium.payment.http.api-key=key-1")
              .run(context -> assertThat(context).hasNotFailed()
                                                 .getBean(PaymentProvider.class)
                                                 .isInstanceOf(HttpPaymentProvider.class));
    }

    @Test
    void theHttpProviderIsRefusedWithoutItsBaseUrl() {
        module.withPropertyValues("emporium.payment.provider=http", "emporium.payment.http.api-key=key-1")
              .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                      .hasMessageContaining("emporium.payment.http.base-url (EMPORIUM_PAYMENT_HTTP_BASE_URL) must be set"));
    }

    @Test
    void theHttpProviderIsRefusedWithoutItsApiKey() {
        module.withPropertyValues("emporium.payment.provider=http",
                                  "emporium.payment.http.base-url=https://payments.example.com",
                                  "emporium.payment.http.api-key= ")
              .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                      .hasMessageContaining("emporium.payment.http.api-key (EMPORIUM_PAYMENT_HTTP_API_KEY) must be set"));
    }

    @Test
    void anUnknownProviderIsRefused() {
        module.withPropertyValues("emporium.payment.provider=stripe-ish")
              .run(context -> assertThat(context).hasFailed().getFailure()
                      .hasStackTraceContaining("Failed to bind properties under 'emporium.payment.provider'"));
    }
}
