package io.emporium.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.inventory.StockReceived;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class InventoryModuleTest {

    private final List<String> snapshotsScheduled = new ArrayList<>();
    private final Snapshotter recordingSnapshotter =
            (aggregateType, aggregateIdentifier) -> snapshotsScheduled.add(aggregateType.getSimpleName() + ":" + aggregateIdentifier);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withUserConfiguration(InventoryModule.class)
            .withBean(Snapshotter.class, () -> recordingSnapshotter);

    @Test
    void registersTheAggregateAsAPrototypeWithoutScanning() {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanNamesForType(InventoryItem.class)).hasSize(1);
            String itemBean = context.getBeanNamesForType(InventoryItem.class)[0];
            assertThat(context.isPrototype(itemBean)).isTrue();
        });
    }

    @Test
    void theAggregateNamesTheSnapshotTriggerTheModuleDefines() {
        assertThat(InventoryItem.class.getAnnotation(Aggregate.class).snapshotTriggerDefinition())
                .isEqualTo(InventoryModule.SNAPSHOT_TRIGGER);
        contextRunner.run(context ->
                assertThat(context).getBean(InventoryModule.SNAPSHOT_TRIGGER).isInstanceOf(SnapshotTriggerDefinition.class));
    }

    @Test
    void theAggregateIsCachedInMemoryByDefault() {
        assertThat(InventoryItem.class.getAnnotation(Aggregate.class).cache()).isEqualTo(InventoryModule.CACHE);
        contextRunner.run(context ->
                assertThat(context).getBean(InventoryModule.CACHE).isInstanceOf(WeakReferenceCache.class));
    }

    @Test
    void withTheApplicationsHeapCachesItemsAreKeptInOneBoundedByTheConfiguredEntries() {
        Cache bounded = new WeakReferenceCache();
        List<String> asked = new ArrayList<>();
        BiFunction<String, Long, Cache> heapCaches = (name, entries) -> {
            asked.add(name + ":" + entries);
            return bounded;
        };
        contextRunner.withBean("aggregateHeapCaches", BiFunction.class, () -> heapCaches)
                     .withPropertyValues("emporium.inventory.cache-entries=2")
                     .run(context -> assertThat(context).getBean(InventoryModule.CACHE).isSameAs(bounded));
        assertThat(asked).containsExactly(InventoryModule.CACHE + ":2");
    }

    @Test
    void theCacheCanBeTurnedOffSoEveryCommandLoadsTheItemFromTheStore() {
        contextRunner.withPropertyValues("emporium.inventory.cache=false").run(context ->
                assertThat(context).getBean(InventoryModule.CACHE).isSameAs(NoCache.INSTANCE));
    }

    @Test
    void snapshotsAfter1000EventsByDefault() {
        contextRunner.run(context -> {
            SnapshotTrigger trigger = triggerFrom(context.getBean(InventoryModule.SNAPSHOT_TRIGGER, SnapshotTriggerDefinition.class));
            handleEvents(trigger, 999);
            assertThat(snapshotsScheduled).isEmpty();
            handleEvents(trigger, 1);
            assertThat(snapshotsScheduled).containsExactly("InventoryItem:MUG-RED");
        });
    }

    @Test
    void snapshotThresholdIsTakenFromTheProperty() {
        contextRunner.withPropertyValues("emporium.inventory.snapshot-threshold=3").run(context -> {
            SnapshotTrigger trigger = triggerFrom(context.getBean(InventoryModule.SNAPSHOT_TRIGGER, SnapshotTriggerDefinition.class));
            handleEvents(trigger, 2);
            assertThat(snapshotsScheduled).isEmpty();
            handleEvents(trigger, 1);
            assertThat(snapshotsScheduled).containsExactly("InventoryItem:MUG-RED");
        });
    }

    @Test
    void aThresholdBelowOneStopsTheApplicationFromStarting() {
        contextRunner.withPropertyValues("emporium.inventory.snapshot-threshold=0").run(context ->
                assertThat(context).hasFailed()
                                   .getFailure().rootCause().hasMessageContaining("snapshot-threshold must be at least 1"));
    }

    private static SnapshotTrigger triggerFrom(SnapshotTriggerDefinition definition) {
        SnapshotTrigger trigger = definition.prepareTrigger(InventoryItem.class);
        trigger.initializationFinished();
        return trigger;
    }

    private static void handleEvents(SnapshotTrigger trigger, int count) {
        for (int i = 0; i < count; i++) {
            trigger.eventHandled(new GenericDomainEventMessage<>("InventoryItem", "MUG-RED", i, new StockReceived("MUG-RED", 1, i + 1)));
        }
    }
}
