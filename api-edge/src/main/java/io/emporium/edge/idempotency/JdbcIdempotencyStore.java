package io.emporium.edge.idempotency;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Idempotency keys in PostgreSQL ({@code idempotency_key}, migrations V30 and V31); a key is claimed by its insert
 * and taken over by a conditional update, which PostgreSQL's row lock makes atomic: a second concurrent taker
 * re-reads the row the first one changed and no longer finds its lease lapsed.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

    private final JdbcTemplate jdbc;

    public JdbcIdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean claim(String caller, String key, String fingerprint, String holder, Instant now,
                         Instant leaseUntil) {
        return jdbc.update("""
                INSERT INTO idempotency_key (caller, idempotency_key, fingerprint, holder, created_at, lease_until)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (caller, idempotency_key) DO NOTHING""",
                caller, key, fingerprint, holder, at(now), at(leaseUntil)) == 1;
    }

    @Override
    public boolean takeOver(String caller, String key, String fingerprint, String holder, Instant now,
                            Instant leaseUntil) {
        return jdbc.update("""
                UPDATE idempotency_key SET holder = ?, lease_until = ?
                WHERE caller = ? AND idempotency_key = ? AND fingerprint = ? AND status IS NULL
                  AND (lease_until IS NULL OR lease_until <= ?)""",
                holder, at(leaseUntil), caller, key, fingerprint, at(now)) == 1;
    }

    @Override
    public boolean renew(String caller, String key, String holder, Instant leaseUntil) {
        return jdbc.update("""
                UPDATE idempotency_key SET lease_until = ?
                WHERE caller = ? AND idempotency_key = ? AND holder = ? AND status IS NULL""",
                at(leaseUntil), caller, key, holder) == 1;
    }

    @Override
    public Optional<Entry> find(String caller, String key) {
        return jdbc.query("""
                SELECT fingerprint, status, content_type, location, body, created_at, lease_until
                FROM idempotency_key WHERE caller = ? AND idempotency_key = ?""",
                (row, number) -> {
                    int status = row.getInt("status");
                    Outcome outcome = row.wasNull() ? null : new Outcome(status, row.getString("content_type"),
                            row.getString("location"), row.getBytes("body"));
                    OffsetDateTime leaseUntil = row.getObject("lease_until", OffsetDateTime.class);
                    return new Entry(row.getString("fingerprint"), outcome,
                                     row.getObject("created_at", OffsetDateTime.class).toInstant(),
                                     leaseUntil == null ? null : leaseUntil.toInstant());
                }, caller, key).stream().findFirst();
    }

    @Override
    public void complete(String caller, String key, String holder, Outcome outcome) {
        jdbc.update("""
                UPDATE idempotency_key SET status = ?, content_type = ?, location = ?, body = ?, completed_at = now(),
                                           lease_until = NULL
                WHERE caller = ? AND idempotency_key = ? AND holder = ? AND status IS NULL""",
                outcome.status(), outcome.contentType(), outcome.location(), outcome.body(), caller, key, holder);
    }

    @Override
    public void release(String caller, String key, String holder) {
        jdbc.update("DELETE FROM idempotency_key WHERE caller = ? AND idempotency_key = ? AND holder = ?"
                + " AND status IS NULL", caller, key, holder);
    }

    @Override
    public void forgetIfCreatedBefore(String caller, String key, Instant createdBefore) {
        jdbc.update("DELETE FROM idempotency_key WHERE caller = ? AND idempotency_key = ? AND created_at < ?",
                    caller, key, at(createdBefore));
    }

    @Override
    public int purgeCreatedBefore(Instant createdBefore) {
        return jdbc.update("DELETE FROM idempotency_key WHERE created_at < ?", at(createdBefore));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
