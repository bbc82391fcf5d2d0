package io.emporium.standalone;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Test helpers around the read models: waiting for the projections, and capturing their tables. */
public final class ReadModels {

    /** Every read-model table with the columns that order its rows completely. */
    public static final Map<String, String> TABLES = tables();

    private ReadModels() {
    }

    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("order_view", "order_id");
        tables.put("order_line_view", "order_id, sku");
        tables.put("order_status_history", "order_id, sequence_number");
        tables.put("product_view", "sku");
        tables.put("payment_view", "payment_id");
        tables.put("payment_refund_view", "payment_id, refund_id");
        return tables;
    }

    /** Every row of every read-model table, all columns, in key order. */
    public static Map<String, List<Map<String, Object>>> capture(JdbcTemplate jdbc) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        TABLES.forEach((table, key) -> rows.put(table, jdbc.queryForList(
                "SELECT * FROM " + table + " ORDER BY " + key)));
        return rows;
    }

    /** Waits until every projection is running, not replaying, and has reached the head of the event stream. */
    static JsonNode awaitCaughtUp(Http http) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.Response response = http.get("/api/admin/projections");
            if (response.status() != 200) {
                return false;
            }
            last[0] = response.json();
            for (JsonNode projection : last[0].get("projections")) {
                if (!projection.get("running").asBoolean() || projection.get("replaying").asBoolean()
                        || projection.get("lag").isNull() || projection.get("lag").asLong() != 0) {
                    return false;
                }
            }
            return true;
        });
        return last[0];
    }
}
