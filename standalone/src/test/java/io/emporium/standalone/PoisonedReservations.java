package io.emporium.standalone;

import io.emporium.messages.inventory.ReserveStock;
import io.emporium.saga.CommandDelivery;
import io.emporium.saga.DeliveryOutcome;
import io.emporium.saga.SagaProperties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Test only: a failing condition in the saga's own handler that a test can switch on and off. The saga's command
 * delivery, as every integration test's platform injects it into the order saga, throws while the saga sends a
 * {@code ReserveStock} for a poisoned SKU: the saga's {@code OrderPlaced} handler then fails half way, after it
 * changed its state and sent the lines before. No SKU is poisoned unless a test poisons it (SKUs are unique per
 * test), so every other test sees the production delivery. Found by the platform's component scan.
 */
@Configuration(proxyBeanMethods = false)
public class PoisonedReservations {

    private static final Set<String> POISONED = ConcurrentHashMap.newKeySet();

    static void poison(String sku) {
        POISONED.add(sku);
    }

    static void cure(String sku) {
        POISONED.remove(sku);
    }

    @Bean
    @Primary
    CommandDelivery poisonableSagaCommandDelivery(CommandGateway commandGateway, SagaProperties properties,
                                                  ThreadPoolTaskExecutor sagaCommandExecutor) {
        return new CommandDelivery(commandGateway, properties.retry(), sagaCommandExecutor) {
            @Override
            public void send(String orderId, Object command, Consumer<DeliveryOutcome> onFailure) {
                if (command instanceof ReserveStock reserve && POISONED.contains(reserve.sku())) {
                    throw new IllegalStateException("test poison: SKU " + reserve.sku() + " cannot be reserved");
                }
                super.send(orderId, command, onFailure);
            }
        };
    }
}
