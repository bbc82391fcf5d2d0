package io.emporium.projections.rebuild;

import io.emporium.projections.ProjectionNames;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables of each projection, and the statements that make a new generation of them and put it live. A new
 * generation is made in schema {@value #SCHEMA} as a copy of the live tables' definition (columns, defaults, checks,
 * indexes; the read models have no foreign keys), so that a migration of a live table is followed by every later
 * rebuild. The switch drops the live tables and moves the new ones into the live schema: PostgreSQL does both in
 * the switch's transaction, and a query waiting for the tables meanwhile reads the new ones once it commits.
 */
final class RebuildTables {

    static final String SCHEMA = "emporium_rebuild";

    private static final Map<String, List<String>> TABLES = Map.of(
            ProjectionNames.ORDER_VIEWS, List.of("order_view", "order_line_view", "order_status_history"),
            ProjectionNames.PRODUCT_CATALOGUE, List.of("product_view"),
            ProjectionNames.PAYMENT_VIEWS, List.of("payment_view", "payment_refund_view"));

    private RebuildTables() {
    }

    static List<String> of(String projection) {
        List<String> tables = TABLES.get(projection);
        if (tables == null) {
            throw new IllegalArgumentException("no projection named " + projection);
        }
        return tables;
    }

    /** The dead-letter queue (processing group) of a projection's rebuild. */
    static String deadLetterGroup(String projection) {
        return projection + "@rebuild";
    }

    /**
     * Empty tables of a new generation, in place of any a rebuild left behind, with the live tables' columns, checks,
     * keys and indexes under the live names (a later migration may name them).
     */
    static void create(JdbcTemplate jdbc, String liveSchema, String projection) {
        for (String table : of(projection)) {
            String live = liveSchema + "." + table;
            String next = SCHEMA + "." + table;
            jdbc.execute("DROP TABLE IF EXISTS " + next);
            jdbc.execute("CREATE TABLE " + next + " (LIKE " + live + " INCLUDING ALL EXCLUDING INDEXES)");
            List<Map<String, Object>> keys = jdbc.queryForList(
                    "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint "
                            + "WHERE conrelid = CAST(? AS regclass) AND contype IN ('p', 'u') ORDER BY conname", live);
            for (Map<String, Object> key : keys) {
                jdbc.execute("ALTER TABLE " + next + " ADD CONSTRAINT " + key.get("conname") + " "
                                     + key.get("definition"));
            }
            List<String> indexes = jdbc.queryForList(
                    "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = CAST(? AS regclass) "
                            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                            + "ORDER BY i.indexrelid", String.class, live);
            for (String index : indexes) {
                // "CREATE INDEX name ON schema.table USING ...": the same index on the new table, in its schema.
                jdbc.execute(index.replace(" ON " + live + " ", " ON " + next + " "));
            }
        }
    }

    static void drop(JdbcTemplate jdbc, String projection) {
        for (String table : of(projection)) {
            jdbc.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + table);
        }
    }

    /** The new generation replaces the live one; to be run in the switch's transaction. */
    static void putLive(JdbcTemplate jdbc, String liveSchema, String projection) {
        for (String table : of(projection)) {
            jdbc.execute("DROP TABLE " + liveSchema + "." + table);
            jdbc.execute("ALTER TABLE " + SCHEMA + "." + table + " SET SCHEMA " + liveSchema);
        }
    }
}
