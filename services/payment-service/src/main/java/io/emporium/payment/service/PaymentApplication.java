package io.emporium.payment.service;

import io.emporium.payment.PaymentModule;
import io.emporium.platform.PlatformConfiguration;
import io.emporium.platform.service.ServiceLauncher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The payment aggregate and its provider gateway as a service of its own, connected to Axon Server (distributed mode). It imports the platform and its module's one
 * configuration, nothing else; its component scan covers this package only, which holds this class alone, and no
 * other assembly scans it (decision 0001). Settings: payment-service.yml, on top of the platform's emporium-distributed.yml.
 */
@SpringBootApplication
@Import({PlatformConfiguration.class, PaymentModule.class})
public class PaymentApplication {

    public static void main(String[] args) {
        ServiceLauncher.run(PaymentApplication.class, "payment-service", args);
    }
}
