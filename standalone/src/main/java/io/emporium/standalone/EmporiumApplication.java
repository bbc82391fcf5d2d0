package io.emporium.standalone;

import io.emporium.edge.EdgeModule;
import io.emporium.inventory.InventoryModule;
import io.emporium.order.OrderModule;
import io.emporium.payment.PaymentModule;
import io.emporium.platform.PlatformConfiguration;
import io.emporium.projections.ProjectionsModule;
import io.emporium.saga.SagaModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Emporium in one JVM: every module's configuration on local command, query and event buses, with Axon's
 * embedded event store in PostgreSQL. Component scanning stays inside this package; each module is
 * brought in through the configuration class it exposes.
 */
@SpringBootApplication
@Import({
        PlatformConfiguration.class,
        InventoryModule.class,
        OrderModule.class,
        PaymentModule.class,
        ProjectionsModule.class,
        SagaModule.class,
        EdgeModule.class
})
public class EmporiumApplication {

    public static void main(String[] args) {
        // Axon's anonymous update checker reads only this property or an environment variable; it stays off
        // unless the operator explicitly turns it on.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(EmporiumApplication.class, args);
    }
}
