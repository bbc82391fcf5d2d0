package io.emporium.edge.idempotency;

import java.time.Duration;
import java.util.Optional;

/** Where the edge keeps idempotency keys and the outcomes they stand for. */
public interface IdempotencyStore {

    /** A stored key: its request's fingerprint, and the outcome once the first request was answered. */
    record Entry(String fingerprint, Outcome outcome, boolean expired) {

        public boolean inProgress() {
            return outcome == null;
        }
    }

    /** The first answer to a request: what a repeat gets again. */
    record Outcome(int status, String contentType, String location, byte[] body) {
    }

    /** Claims the key for a request with this fingerprint; false when the key is already there. */
    boolean claim(String caller, String key, String fingerprint);

    Optional<Entry> find(String caller, String key, Duration ttl);

    void complete(String caller, String key, Outcome outcome);

    /** Gives the key up: the request may be sent again and act. */
    void release(String caller, String key);

    /** Deletes keys older than {@code ttl}; returns how many. */
    int purgeOlderThan(Duration ttl);
}
