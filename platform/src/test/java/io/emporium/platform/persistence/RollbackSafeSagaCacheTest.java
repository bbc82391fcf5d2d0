package io.emporium.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.junit.jupiter.api.Test;

/** The saga cache forgets what a unit of work that rolled back loaded, changed or stored. */
class RollbackSafeSagaCacheTest {

    static final class CountingSaga {
        int events;
    }

    static final AssociationValue ORDER = new AssociationValue("orderId", "order-1");

    final InMemorySagaStore delegate = new InMemorySagaStore();
    final Cache associations = new WeakReferenceCache();
    final Cache sagas = new WeakReferenceCache();
    final RollbackSafeSagaCache<Object> store = new RollbackSafeSagaCache<>(delegate, associations, sagas);

    RollbackSafeSagaCacheTest() {
        CountingSaga stored = new CountingSaga();
        delegate.insertSaga(CountingSaga.class, "saga-1", stored, Set.of(ORDER));
    }

    static UnitOfWork<?> unitOfWork() {
        return DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("an event"));
    }

    @Test
    void aSagaChangedInAUnitOfWorkThatRolledBackIsReadAgainFromTheStore() {
        UnitOfWork<?> failed = unitOfWork();
        CountingSaga loaded = store.loadSaga(CountingSaga.class, "saga-1").saga();
        loaded.events = 99; // a handler changed the cached instance; its batch then fails to commit
        assertThat(sagas.containsKey("saga-1")).isTrue();
        failed.rollback();

        assertThat(sagas.containsKey("saga-1")).as("the changed instance is no longer handed out").isFalse();
    }

    @Test
    void aSagaLoadedInAUnitOfWorkThatCommittedStaysCached() {
        UnitOfWork<?> committed = unitOfWork();
        CountingSaga loaded = store.loadSaga(CountingSaga.class, "saga-1").saga();
        store.updateSaga(CountingSaga.class, "saga-1", loaded, new AssociationValuesImpl(Set.of(ORDER)));
        committed.commit();

        assertThat(sagas.containsKey("saga-1")).isTrue();
        assertThat(store.loadSaga(CountingSaga.class, "saga-1").saga()).isSameAs(loaded);
    }

    @Test
    void associationsFoundInAUnitOfWorkThatRolledBackAreLookedUpAgain() {
        UnitOfWork<?> failed = unitOfWork();
        assertThat(store.findSagas(CountingSaga.class, ORDER)).containsExactly("saga-1");
        store.insertSaga(CountingSaga.class, "saga-2", new CountingSaga(), Set.of(ORDER));
        failed.rollback();
        delegate.deleteSaga(CountingSaga.class, "saga-2", Set.of(ORDER)); // what the rolled-back transaction left

        assertThat(store.findSagas(CountingSaga.class, ORDER)).containsExactly("saga-1");
    }
}
