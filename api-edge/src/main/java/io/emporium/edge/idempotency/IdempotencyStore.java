package io.emporium.edge.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the edge keeps idempotency keys and the outcomes they stand for. A key being served is held by one request
 * (its {@code holder}) under a lease: the holder renews it while it runs, and a crash lets it lapse, after which a
 * repeat may take the key over (decision 0043). Only the holder completes, renews or releases its claim.
 */
public interface IdempotencyStore {

    /**
     * A stored key: its request's fingerprint, when it was first claimed, until when its holder's lease runs (null
     * once answered, or for a claim older than leases) and the outcome once the request was answered.
     */
    record Entry(String fingerprint, Outcome outcome, Instant createdAt, Instant leaseUntil) {

        public boolean inProgress() {
            return outcome == null;
        }

        /** Whether the request holding the key may still be running: its lease has not lapsed at {@code now}. */
        public boolean leaseAliveAt(Instant now) {
            return inProgress() && leaseUntil != null && leaseUntil.isAfter(now);
        }
    }

    /** The first answer to a request: what a repeat gets again. */
    record Outcome(int status, String contentType, String location, byte[] body) {
    }

    /** Claims the key for a request with this fingerprint, leased to {@code holder}; false when the key is there. */
    boolean claim(String caller, String key, String fingerprint, String holder, Instant now, Instant leaseUntil);

    /**
     * Takes over a claim whose lease lapsed before {@code now} (its holder died) for {@code holder}, if it is still
     * unanswered and for the same fingerprint; atomic, so of concurrent takers exactly one gets true.
     */
    boolean takeOver(String caller, String key, String fingerprint, String holder, Instant now, Instant leaseUntil);

    /** Extends the holder's lease; false when the holder no longer holds the key (it was taken over). */
    boolean renew(String caller, String key, String holder, Instant leaseUntil);

    Optional<Entry> find(String caller, String key);

    /** Keeps the holder's answer; does nothing when another request took the key over meanwhile. */
    void complete(String caller, String key, String holder, Outcome outcome);

    /** Gives the holder's claim up: the request may be sent again and act. */
    void release(String caller, String key, String holder);

    /** Deletes the key if it was claimed before {@code createdBefore} (expired), whoever holds it. */
    void forgetIfCreatedBefore(String caller, String key, Instant createdBefore);

    /** Deletes keys claimed before {@code createdBefore}; returns how many. */
    int purgeCreatedBefore(Instant createdBefore);
}
