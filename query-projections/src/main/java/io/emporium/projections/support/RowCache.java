package io.emporium.projections.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows a {@link WriteBehindStore} has read or changed, by key, the least recently used dropped first once there
 * are more than {@code capacity}. A changed row stays until it has been written ({@link #takeChanged}), however many
 * there are. Not thread-safe: one event processor thread uses it.
 */
public final class RowCache<K, V> {

    private final Map<K, Entry<V>> rows;
    private final Map<K, Entry<V>> changed = new LinkedHashMap<>();

    public RowCache(int capacity) {
        this.rows = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > capacity && !eldest.getValue().changed;
            }
        };
    }

    /** The row, from the cache or else from {@code load} (whose {@code null}, no such row, is not kept). */
    public V get(K key, Function<K, V> load) {
        Entry<V> entry = rows.get(key);
        if (entry != null) {
            return entry.value;
        }
        V loaded = load.apply(key);
        if (loaded != null) {
            rows.put(key, new Entry<>(loaded, false));
        }
        return loaded;
    }

    /** The row if the cache holds it, else {@code null}. */
    public V cached(K key) {
        Entry<V> entry = rows.get(key);
        return entry == null ? null : entry.value;
    }

    /** The row's new state, to be written with the batch. */
    public void put(K key, V value) {
        Entry<V> entry = new Entry<>(value, true);
        rows.put(key, entry);
        changed.put(key, entry);
    }

    /** The rows changed since the last call, in the order they were first changed; they may now be dropped. */
    public List<V> takeChanged() {
        List<V> values = new ArrayList<>(changed.size());
        for (Entry<V> entry : changed.values()) {
            entry.changed = false;
            values.add(entry.value);
        }
        changed.clear();
        return values;
    }

    /** Forgets every row, changed or not: after a rollback the database is the truth again. */
    public void clear() {
        rows.clear();
        changed.clear();
    }


    private static final class Entry<V> {
        final V value;
        boolean changed;

        Entry(V value, boolean changed) {
            this.value = value;
            this.changed = changed;
        }
    }
}
