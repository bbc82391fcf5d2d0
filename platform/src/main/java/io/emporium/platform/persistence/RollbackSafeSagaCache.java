package io.emporium.platform.persistence;

import java.util.Objects;
import java.util.Set;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.CachingSagaStore;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * Axon's {@link CachingSagaStore} over a saga store, forgetting what a unit of work wrote to the caches when that
 * unit of work rolls back. {@code CachingSagaStore} puts a saga's new state (and new associations) in its caches as
 * it writes them, before the transaction commits, and hands out the very instance the saga's handlers change;
 * without this, a batch whose commit failed would be handled again against state it never stored (decision 0034).
 *
 * <p>Safe only while one thread of one JVM finds sagas by association (one saga segment per JVM): the association
 * cache is filled by a get-then-put that another segment's thread could overwrite with a stale set.
 */
public final class RollbackSafeSagaCache<T> implements SagaStore<T> {

    private final SagaStore<T> cached;
    private final Cache associationsCache;
    private final Cache sagaCache;

    public RollbackSafeSagaCache(SagaStore<T> delegate, Cache associationsCache, Cache sagaCache) {
        this.associationsCache = Objects.requireNonNull(associationsCache, "associationsCache");
        this.sagaCache = Objects.requireNonNull(sagaCache, "sagaCache");
        this.cached = CachingSagaStore.<T>builder().delegateSagaStore(delegate)
                                      .associationsCache(associationsCache).sagaCache(sagaCache).build();
    }

    @Override
    public Set<String> findSagas(Class<? extends T> sagaType, AssociationValue associationValue) {
        return cached.findSagas(sagaType, associationValue);
    }

    @Override
    public <S extends T> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        // The cached entry holds the very instance the saga's handlers change: a unit of work that rolls back after
        // loading it leaves changes in it that were never stored.
        forgetOnRollback(sagaIdentifier);
        return cached.loadSaga(sagaType, sagaIdentifier);
    }

    @Override
    public void deleteSaga(Class<? extends T> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        forgetOnRollback(sagaIdentifier);
        cached.deleteSaga(sagaType, sagaIdentifier, associationValues);
    }

    @Override
    public void insertSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
                           Set<AssociationValue> associationValues) {
        forgetOnRollback(sagaIdentifier);
        cached.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    @Override
    public void updateSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
                           AssociationValues associationValues) {
        forgetOnRollback(sagaIdentifier);
        cached.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    /** A rollback is rare: then the saga is read again from the store, and every association too. */
    private void forgetOnRollback(String sagaIdentifier) {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.onRollback(rolledBack -> {
            sagaCache.remove(sagaIdentifier);
            associationsCache.removeAll();
        }));
    }
}
