package io.emporium.edge.idempotency;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Idempotency keys in PostgreSQL ({@code idempotency_key}, migration V30); a key is claimed by its insert. */
public final class JdbcIdempotencyStore implements IdempotencyStore {

    private final JdbcTemplate jdbc;

    public JdbcIdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean claim(String caller, String key, String fingerprint) {
        return jdbc.update("""
                INSERT INTO idempotency_key (caller, idempotency_key, fingerprint) VALUES (?, ?, ?)
                ON CONFLICT (caller, idempotency_key) DO NOTHING""", caller, key, fingerprint) == 1;
    }

    @Override
    public Optional<Entry> find(String caller, String key, Duration ttl) {
        return jdbc.query("""
                SELECT fingerprint, status, content_type, location, body,
                       created_at < now() - make_interval(secs => ?) AS expired
                FROM idempotency_key WHERE caller = ? AND idempotency_key = ?""",
                (row, number) -> {
                    int status = row.getInt("status");
                    Outcome outcome = row.wasNull() ? null : new Outcome(status, row.getString("content_type"),
                            row.getString("location"), row.getBytes("body"));
                    return new Entry(row.getString("fingerprint"), outcome, row.getBoolean("expired"));
                }, (double) ttl.toSeconds(), caller, key).stream().findFirst();
    }

    @Override
    public void complete(String caller, String key, Outcome outcome) {
        jdbc.update("""
                UPDATE idempotency_key SET status = ?, content_type = ?, location = ?, body = ?, completed_at = now()
                WHERE caller = ? AND idempotency_key = ?""",
                outcome.status(), outcome.contentType(), outcome.location(), outcome.body(), caller, key);
    }

    @Override
    public void release(String caller, String key) {
        jdbc.update("DELETE FROM idempotency_key WHERE caller = ? AND idempotency_key = ?", caller, key);
    }

    @Override
    public int purgeOlderThan(Duration ttl) {
        return jdbc.update("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => ?)",
                           (double) ttl.toSeconds());
    }
}
