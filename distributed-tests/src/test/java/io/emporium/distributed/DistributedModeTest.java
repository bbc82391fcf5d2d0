package io.emporium.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Distributed mode end to end: the six services as separate processes on the Axon Server named by {@code AXON_SERVER}
 * (host:port of its gRPC port) and a fresh PostgreSQL database, driven through the edge's HTTP API only. Every saga
 * outcome, the errors that must cross Axon Server as refusals, the inventory service and then the order service
 * killed and started again while orders are in flight, and two instances of the inventory and projections services
 * sharing the work and covering for each other. Axon Server's HTTP API is read at {@code AXON_SERVER_HTTP} (default:
 * AXON_SERVER's host, port 8024). Without {@code AXON_SERVER} the whole class is skipped, and says so.
 */
@ExtendWith(RequiresAxonServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedModeTest {

    static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

    ServiceProcesses services;
    /** Between every service and Axon Server's gRPC port, for the test that cuts it. */
    TcpProxy axonServerProxy;
    EdgeClient edge;
    /** The services' shared database. */
    String databaseUrl;
    /** Axon Server's HTTP API (AXON_SERVER_HTTP, or AXON_SERVER's host on port 8024). */
    EdgeClient axonServerHttp;

    @BeforeAll
    void startTheServices() throws SQLException, java.io.IOException {
        String axonServer = System.getenv("AXON_SERVER"); // set: see RequiresAxonServer
        // Every service reaches Axon Server through the proxy. Axon Server SE answers a client's platform request
        // with sameConnection=true (a single node), so the connector keeps the channel it opened: the proxy carries
        // every connection, and cutting it cuts them all.
        int colon = axonServer.lastIndexOf(':');
        axonServerProxy = new TcpProxy(colon < 0 ? axonServer : axonServer.substring(0, colon),
                                       colon < 0 ? 8124 : Integer.parseInt(axonServer.substring(colon + 1)));
        String httpAddress = System.getenv().getOrDefault("AXON_SERVER_HTTP",
                axonServer.substring(0, axonServer.lastIndexOf(':') < 0 ? axonServer.length()
                        : axonServer.lastIndexOf(':')) + ":8024");
        axonServerHttp = new EdgeClient("http://" + httpAddress);
        databaseUrl = freshDatabase();
        services = new ServiceProcesses(Map.ofEntries(
                Map.entry("AXON_SERVER_SERVERS", "127.0.0.1:" + axonServerProxy.port()),
                // A stalled processor is noticed and restarted within the test's time (decision 0048).
                Map.entry("EMPORIUM_PROCESSING_WATCHDOG_INTERVAL", "1s"),
                Map.entry("EMPORIUM_PROCESSING_WATCHDOG_STALLAFTER", "15s"),
                Map.entry("EMPORIUM_DB_URL", databaseUrl),
                Map.entry("EMPORIUM_DB_USER", System.getenv().getOrDefault("EMPORIUM_DB_USER", "postgres")),
                Map.entry("EMPORIUM_DB_PASSWORD", System.getenv().getOrDefault("EMPORIUM_DB_PASSWORD", "")),
                Map.entry("EMPORIUM_DB_CREATE", "false"),
                Map.entry("EMPORIUM_SAGA_PAYMENT_TIMEOUT", "5s"),
                Map.entry("EMPORIUM_DEADLINE_POLLING_INTERVAL", "250ms"),
                Map.entry("EMPORIUM_DB_POOL_SIZE", "12"),
                Map.entry("AXONIQ_UPDATE_CHECKER_DISABLED", "true"),
                Map.entry("EMPORIUM_EDGE_LIMITS_COMMANDS_CAPACITY", "100000"),
                Map.entry("EMPORIUM_EDGE_LIMITS_QUERIES_CAPACITY", "100000"),
                Map.entry("EMPORIUM_EDGE_LIMITS_ADMIN_CAPACITY", "100000"),
                Map.entry("EMPORIUM_SECURITY_JWT_ISSUER", EdgeClient.ISSUER),
                Map.entry("EMPORIUM_SECURITY_JWT_AUDIENCE", EdgeClient.AUDIENCE),
                Map.entry("EMPORIUM_SECURITY_JWT_HMAC_SECRET", EdgeClient.SECRET),
                // Every outcome is driven by the simulated provider's test cards, which only the profiles local,
                // test and benchmark may run.
                Map.entry("EMPORIUM_PAYMENT_PROVIDER", "simulated"),
                Map.entry("SPRING_PROFILES_ACTIVE", "test")));
        // The first service creates the schema history alone; the others then migrate what they bring, together.
        services.start("projections-service");
        services.startTogether(List.of("saga-service", "order-service", "inventory-service", "payment-service",
                                       "edge-service"));
        edge = services.get("edge-service").client();
    }

    @AfterAll
    void stopTheServices() throws java.io.IOException {
        if (services != null) {
            services.close();
        }
        if (axonServerProxy != null) {
            axonServerProxy.close();
        }
    }

    /** A new database beside the one the other tests use: EMPORIUM_TEST_DB_URL's name + "_services". */
    static String freshDatabase() throws SQLException {
        String testUrl = System.getenv().getOrDefault("EMPORIUM_TEST_DB_URL", "jdbc:postgresql://localhost:5432/emporium_test");
        Matcher url = Pattern.compile("^(jdbc:postgresql://[^/]+/)([A-Za-z_][A-Za-z0-9_]*)(\\?.*)?$").matcher(testUrl);
        if (!url.matches()) {
            throw new IllegalStateException("EMPORIUM_TEST_DB_URL is not a plain PostgreSQL URL: " + testUrl);
        }
        String name = url.group(2) + "_services";
        try (Connection connection = DriverManager.getConnection(url.group(1) + "postgres",
                System.getenv().getOrDefault("EMPORIUM_DB_USER", "postgres"),
                System.getenv().getOrDefault("EMPORIUM_DB_PASSWORD", ""));
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            statement.execute("CREATE DATABASE \"" + name + "\"");
        }
        return url.group(1) + name;
    }

    // ---------------------------------------------------------------- every saga outcome

    @Test
    @Order(1)
    void anOrderThatFitsIsConfirmedAndItsStockSold() {
        String sku = product(10);
        String order = place(sku, 2, "pm_approve");

        assertThat(finalStatus(order)).isEqualTo("CONFIRMED");
        assertStock(sku, 8, 0, 8);
    }

    @Test
    @Order(2)
    void anOrderBeyondTheStockIsRejected() {
        String sku = product(1);
        String order = place(sku, 5, "pm_approve");

        assertThat(finalStatus(order)).isEqualTo("REJECTED");
        assertThat(lastReason(order)).containsIgnoringCase(sku);
        assertStock(sku, 1, 0, 1);
    }

    @Test
    @Order(3)
    void anOrderOfAnUnknownProductIsRejectedThroughARefusalThatCrossedAxonServer() {
        String sku = "GHOST-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toUpperCase();
        String order = place(sku, 1, "pm_approve");

        assertThat(finalStatus(order)).isEqualTo("REJECTED");
        assertThat(lastReason(order)).contains("unknown product");
    }

    @Test
    @Order(4)
    void aDeclinedPaymentRejectsTheOrderAndReleasesTheStock() {
        String sku = product(5);
        String order = place(sku, 3, "pm_decline");

        assertThat(finalStatus(order)).isEqualTo("REJECTED");
        assertThat(lastReason(order)).containsIgnoringCase("declined");
        assertStock(sku, 5, 0, 5);
    }

    @Test
    @Order(5)
    void aPaymentWithoutAnswerIsRejectedAtItsDeadlineAndTheStockReleased() {
        String sku = product(5);
        String order = place(sku, 2, "pm_no_answer");

        assertThat(finalStatus(order)).isEqualTo("REJECTED");
        assertStock(sku, 5, 0, 5);
    }

    @Test
    @Order(6)
    void aCustomerCancelWhilePendingReleasesTheStock() {
        String sku = product(5);
        String order = place(sku, 2, "pm_no_answer");
        await("order " + order + " PENDING with its stock reserved", Duration.ofSeconds(30),
              () -> "PENDING".equals(status(order)) && stock(sku).get("reserved").asInt() == 2);

        EdgeClient.Response cancel = edge.post("/api/orders/" + order + "/cancel", "{\"reason\":\"changed my mind\"}");

        assertThat(cancel.status()).as(cancel.body()).isBetween(200, 299);
        assertThat(finalStatus(order)).isEqualTo("CANCELLED");
        assertStock(sku, 5, 0, 5);
    }

    // ---------------------------------------------------------------- refusals across Axon Server

    @Test
    @Order(7)
    void refusalsAnswerTheSameStatusesAsInStandaloneMode() {
        String sku = product(3);
        String order = place(sku, 1, "pm_approve");
        assertThat(finalStatus(order)).isEqualTo("CONFIRMED");

        EdgeClient.Response cancelConfirmed = edge.post("/api/orders/" + order + "/cancel", "{\"reason\":\"late\"}");
        assertThat(cancelConfirmed.status()).as(cancelConfirmed.body()).isEqualTo(409);
        assertThat(cancelConfirmed.json().get("kind").asText()).isEqualTo("CONFLICT");

        EdgeClient.Response unknown = edge.post("/api/products/NO-SUCH-SKU-" + UUID.randomUUID().toString()
                .substring(0, 8).toUpperCase() + "/stock", "{\"quantity\":1}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("no product with id");

        EdgeClient.Response sameIdAgain = edge.post("/api/products", registration(sku, 3));
        assertThat(sameIdAgain.status()).as(sameIdAgain.body()).isIn(409, 200, 201, 202);
    }

    // ---------------------------------------------------------------- an aggregate service killed mid-run

    @Test
    @Order(8)
    void noOrderIsLostOrStuckWhenTheInventoryServiceIsKilledAndStartedAgain() {
        String sku = product(100);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            orders.add(place(sku, 1, "pm_approve"));
        }
        // Sagas are mid-flight: reservations and commits under way when the inventory service dies.
        services.kill("inventory-service");
        for (int i = 0; i < 3; i++) {
            orders.add(place(sku, 1, "pm_approve")); // the order service is up: placing still works
        }
        ServiceProcesses.sleep(Duration.ofSeconds(3));
        services.start("inventory-service");

        // Every order ends; none is lost (404) or stuck (PENDING). An order whose reservation could not be delivered
        // while the inventory was down is rejected (the saga's rule for a line without a decision); a commit that
        // could not be delivered is retried by the saga until the inventory is back.
        int confirmed = 0;
        for (String order : orders) {
            String status = finalStatus(order);
            assertThat(status).as("order " + order).isIn("CONFIRMED", "REJECTED");
            confirmed += status.equals("CONFIRMED") ? 1 : 0;
        }
        System.out.println("[distributed] inventory-service killed and restarted mid-run: " + confirmed + " of "
                + orders.size() + " orders confirmed, the others rejected; every one in a final state");
        assertStock(sku, 100 - confirmed, 0, 100 - confirmed);
    }

    @Test
    @Order(9)
    void noOrderIsLostStuckOrSoldWithoutStockWhenTheOrderServiceIsDownLongerThanThePaymentDeadline() {
        String sku = product(100);
        List<String> approved = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            approved.add(place(sku, 1, "pm_approve"));
            if (i % 2 == 0) {
                unanswered.add(place(sku, 2, "pm_no_answer"));
            }
        }
        // Confirmations under way and payment deadlines (5 s) to come: while the order service is down, ConfirmOrder
        // and the deadlines' RejectOrder cannot be delivered. Both are retried; whichever reaches the order first
        // decides it (decision 0019), and neither may leave stock released under a confirmed order.
        services.kill("order-service");
        ServiceProcesses.sleep(Duration.ofSeconds(8));
        services.start("order-service");

        int confirmed = 0;
        for (String order : approved) {
            String status = finalStatus(order);
            assertThat(status).as("order " + order).isIn("CONFIRMED", "REJECTED");
            String payment = paymentStatus(order, status.equals("CONFIRMED") ? "AUTHORIZED" : "REFUNDED");
            assertThat(payment).as("payment of " + status + " order " + order)
                               .isEqualTo(status.equals("CONFIRMED") ? "AUTHORIZED" : "REFUNDED");
            confirmed += status.equals("CONFIRMED") ? 1 : 0;
        }
        for (String order : unanswered) {
            assertThat(finalStatus(order)).as("order " + order).isEqualTo("REJECTED");
        }
        System.out.println("[distributed] order-service down 8 s past the payment deadline: " + confirmed + " of "
                + approved.size() + " approved orders confirmed, the others rejected and refunded; "
                + unanswered.size() + " unanswered rejected");
        assertStock(sku, 100 - confirmed, 0, 100 - confirmed);
    }

    // ---------------------------------------------------------------- scale out: two instances of a service

    @Test
    @Order(10)
    void twoInstancesShareTheCommandsOfAnAggregateServiceAndEachCoversForTheOtherAsDoTheProjections() {
        services.startAnother("inventory-service");
        services.startAnother("projections-service");
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            skus.add(product(10));
        }
        String reserve = "io.emporium.messages.inventory.ReserveStock";
        Map<String, Long> before = commandsPerInstance("inventory-service", reserve);
        for (String sku : skus) {
            assertThat(finalStatus(place(sku, 1, "pm_approve"))).isEqualTo("CONFIRMED");
        }

        // Axon Server routed each SKU's commands to one of the two inventory instances by its id: both got some.
        Map<String, Long> reservationsPerInstance = new java.util.TreeMap<>(commandsPerInstance("inventory-service",
                                                                                                reserve));
        reservationsPerInstance.replaceAll((client, count) -> count - before.getOrDefault(client, 0L));
        System.out.println("[distributed] ReserveStock of 12 orders per inventory-service instance: "
                + reservationsPerInstance);
        assertThat(reservationsPerInstance).hasSize(2).allSatisfy((client, count) -> assertThat(count).isPositive());
        assertThat(reservationsPerInstance.values().stream().mapToLong(Long::longValue).sum())
                .isGreaterThanOrEqualTo(12); // more only if a reservation was retried

        // The second projections instance took its half of every projection's four segments (decision 0031).
        await("each projection's segments split 2 and 2 over the two projections-service instances",
              Duration.ofSeconds(90), () -> {
                  Map<String, List<Integer>> held = segmentsHeldPerInstance();
                  return held.size() == 3 && held.values().stream().allMatch(counts -> counts.equals(List.of(2, 2)));
              });
        System.out.println("[distributed] projection segments held per projections-service instance: "
                + segmentsHeldPerInstance());

        // The first inventory instance and the first projections instance die: the others take all their work.
        services.kill("inventory-service");
        services.kill("projections-service");
        List<String> afterwards = new ArrayList<>();
        for (String sku : skus) {
            afterwards.add(place(sku, 1, "pm_approve"));
        }
        for (String order : afterwards) {
            assertThat(finalStatus(order)).as("order " + order).isEqualTo("CONFIRMED");
        }
        for (String sku : skus) {
            assertStock(sku, 8, 0, 8);
        }
        System.out.println("[distributed] two instances of inventory-service and projections-service: 12 SKUs split "
                + reservationsPerInstance.values() + "; after the first instances were killed, 12 more orders"
                + " confirmed and projected by the survivors");
    }

    // ---------------------------------------------------------------- Axon Server out of reach for a few seconds

    @Test
    @Order(11)
    void everyProcessorResumesAndEveryOrderEndsAfterEveryServiceLostAxonServerForSecondsUnderLoad() throws Exception {
        String sku = product(10_000);
        List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        // Orders whose POST got no success answer. One sent as the connection was cut may still have been placed
        // (its answer was what got lost), so each is looked up in the event store afterwards.
        List<String> undecided = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (loading.get()) {
                String orderId = UUID.randomUUID().toString();
                try {
                    EdgeClient.Response placed = edge.post("/api/orders", "{\"orderId\":\"" + orderId
                            + "\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],"
                            + "\"paymentMethodToken\":\"pm_approve\"}");
                    if (placed.status() >= 200 && placed.status() < 300) {
                        accepted.add(orderId);
                    } else {
                        undecided.add(orderId);
                    }
                } catch (RuntimeException unanswered) {
                    undecided.add(orderId);
                }
                ServiceProcesses.sleep(Duration.ofMillis(50));
            }
        }, "order-load");
        load.start();
        ServiceProcesses.sleep(Duration.ofSeconds(3));
        int beforeCut = accepted.size();
        axonServerProxy.cut();
        ServiceProcesses.sleep(Duration.ofSeconds(5));
        axonServerProxy.restore();
        ServiceProcesses.sleep(Duration.ofSeconds(5));
        loading.set(false);
        load.join();
        System.out.println("[distributed] Axon Server cut off from every service for 5 s under load: " + accepted.size()
                + " orders accepted (" + beforeCut + " before the cut), " + undecided.size() + " refused or unanswered");
        assertThat(beforeCut).as("orders accepted before the cut").isPositive();
        assertThat(accepted.size()).as("orders accepted after the connection came back").isGreaterThan(beforeCut);

        // Every order accepted reaches its final status: every processor on the way (saga, payment provider,
        // order view) resumed, by itself or restarted by the watchdog. An order whose reservation could not be
        // delivered while Axon Server was out of reach is rejected (the saga's rule for a line without a decision).
        // So does an order placed although its POST got no success answer, and what it sold counts.
        List<String> placed = new ArrayList<>(accepted);
        for (String order : List.copyOf(undecided)) {
            if (storedAnyEvent(order)) {
                placed.add(order);
            }
        }
        int placedUnanswered = placed.size() - accepted.size();
        int confirmed = 0;
        for (String order : placed) {
            String status = finalStatus(order);
            assertThat(status).as("order " + order).isIn("CONFIRMED", "REJECTED");
            confirmed += status.equals("CONFIRMED") ? 1 : 0;
        }
        System.out.println("[distributed] after the cut: " + confirmed + " of " + placed.size()
                + " orders confirmed (" + placedUnanswered + " placed although their POST got no success answer), the"
                + " others rejected; every one in a final state");
        // And every service says it is ready: no processor stalled, every one running.
        for (ServiceProcesses.Running service : services.running()) {
            await(service.name() + " ready, no processor stalled", Duration.ofSeconds(60),
                  () -> service.client().get("/actuator/health/readiness").status() == 200);
            String restarts = service.client().get("/actuator/prometheus").body().lines()
                    .filter(line -> line.startsWith("emporium_processor_restarts_total{")).toList().toString();
            System.out.println("[distributed] " + service.name() + " ready; watchdog restarts: " + restarts);
        }
        assertStock(sku, 10_000 - confirmed, 0, 10_000 - confirmed);
    }

    /** Per projection, the segments each live instance holds (from the balancer's heartbeats). */
    Map<String, List<Integer>> segmentsHeldPerInstance() {
        try (Connection connection = DriverManager.getConnection(databaseUrl,
                System.getenv().getOrDefault("EMPORIUM_DB_USER", "postgres"),
                System.getenv().getOrDefault("EMPORIUM_DB_PASSWORD", ""));
             Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("""
                     SELECT processor_name, segments_held FROM processor_instance
                     WHERE processor_name IN ('order-views', 'product-catalogue', 'payment-views')
                       AND heartbeat > now() - interval '15 seconds'
                     ORDER BY processor_name, owner""")) {
            Map<String, List<Integer>> held = new java.util.TreeMap<>();
            while (rows.next()) {
                held.computeIfAbsent(rows.getString(1), name -> new ArrayList<>()).add(rows.getInt(2));
            }
            return held;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Per client id (instance) of {@code component}, how many {@code command}s Axon Server routed to it. */
    Map<String, Long> commandsPerInstance(String component, String command) {
        EdgeClient.Response metrics = axonServerHttp.get("/v1/public/command-metrics");
        assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (JsonNode metric : metrics.json()) {
            if (component.equals(metric.path("componentName").asText())
                    && command.equals(metric.path("command").asText())) {
                counts.merge(metric.path("clientId").asText(), metric.path("count").asLong(), Long::sum);
            }
        }
        return counts;
    }

    /** The order's payment status once it is {@code expected} (or whatever it is after 30 s). */
    String paymentStatus(String orderId, String expected) {
        String[] seen = new String[1];
        try {
            await("payment of " + orderId + " " + expected, Duration.ofSeconds(30), () -> {
                EdgeClient.Response payment = edge.get("/api/orders/" + orderId + "/payment");
                seen[0] = payment.status() == 200 ? payment.json().get("status").asText() : "HTTP " + payment.status();
                return expected.equals(seen[0]);
            });
        } catch (AssertionError notThere) {
            // the caller's assertion names what was seen
        }
        return seen[0];
    }

    // ---------------------------------------------------------------- the operator's checks over Axon Server

    @Test
    @Order(12)
    void theReconciliationOverAxonServerFindsNothingAfterEveryOutcomeKillAndCutAndNoSagaEventIsParked() {
        EdgeClient.Response parked = edge.get("/api/admin/saga/parked-events");
        assertThat(parked.status()).as(parked.body()).isEqualTo(200);
        assertThat(parked.json().get("events")).as("parked saga events: %s", parked.body()).isEmpty();

        JsonNode[] report = new JsonNode[1];
        // orders of the earlier tests may still be in their late-answer window: they are counted, never reported
        await("a complete reconciliation", Duration.ofSeconds(60), () -> {
            EdgeClient.Response answer = edge.get("/api/admin/reconciliation");
            report[0] = answer.status() == 200 ? answer.json() : null;
            return report[0] != null && report[0].path("complete").asBoolean();
        });
        System.out.printf("Reconciliation over Axon Server: %d events read, %d orders checked, %d in flight, %d SKUs,"
                                  + " %d payments, discrepancies %s%n", report[0].path("eventsRead").asLong(),
                          report[0].path("ordersChecked").asLong(), report[0].path("ordersInFlight").asLong(),
                          report[0].path("skusChecked").asLong(), report[0].path("paymentsChecked").asLong(),
                          report[0].get("discrepancies"));
        assertThat(report[0].path("ordersChecked").asLong()).as("orders checked").isPositive();
        assertThat(report[0].get("discrepancies")).as("discrepancies: %s", report[0]).isEmpty();
    }

    // ---------------------------------------------------------------- rebuilding the read models

    /**
     * A rebuild beside the live read models (decision 0049) over Axon Server: the rebuild's processor reads the
     * stream from Axon Server once for all three projections, a second rebuild is refused with 409 meanwhile, and
     * after the switch the read models hold, row for row, what the live ones held (nothing is placed meanwhile).
     */
    @Test
    @Order(13)
    void aRebuildOverAxonServerSwitchesToReadModelsEqualToTheLiveOnes() throws SQLException {
        awaitProjectionsCaughtUp();
        Map<String, List<Map<String, Object>>> before = readModels();
        assertThat(before.get("order_view")).as("orders of the earlier tests").isNotEmpty();
        long id;
        try (Connection holder = DriverManager.getConnection(databaseUrl,
                System.getenv().getOrDefault("EMPORIUM_DB_USER", "postgres"),
                System.getenv().getOrDefault("EMPORIUM_DB_PASSWORD", ""))) {
            // A read lock on a live table keeps the rebuild from switching until the test has seen the 409.
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE order_view IN ACCESS SHARE MODE");
            }
            EdgeClient.Response started = edge.post("/api/admin/rebuilds", "{}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            id = started.json().get("rebuildId").asLong();
            EdgeClient.Response second = edge.post("/api/admin/rebuilds", "{\"projections\":[\"order-views\"]}");
            assertThat(second.status()).as(second.body()).isEqualTo(409);
            holder.rollback();
        }
        JsonNode[] status = new JsonNode[1];
        await("rebuild " + id + " switched", Duration.ofSeconds(120), () -> {
            status[0] = edge.get("/api/admin/rebuilds/" + id).json();
            return "SWITCHED".equals(status[0].path("phase").asText());
        });
        System.out.printf("Rebuild over Axon Server: %s%n", status[0]);
        awaitProjectionsCaughtUp();
        Map<String, List<Map<String, Object>>> after = readModels();
        for (String table : before.keySet()) {
            assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
        }
    }

    /**
     * An {@code OrderPlaced} in the shape main stored it before decision 0052 (no revision, which Axon Server keeps as
     * an empty one, and no {@code paymentId}), appended to Axon Server directly: the saga service starts the order's
     * saga from it and pays with the payment id the upcaster derives, the order service loads the order from it, the
     * projections service projects it, and the edge reads it back as revision 2. Without the upcaster registered in
     * each of those services the saga would ask for a payment without an id, and the order would not be confirmed.
     */
    @Test
    @Order(14)
    void anOrderPlacedStoredWithoutRevisionIsReadThroughTheUpcasterByEveryServiceThatReadsIt() throws Exception {
        String sku = product(10);
        String orderId = UUID.randomUUID().toString();
        String customer = EdgeClient.SUBJECT;
        String storedPayload = "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customer
                + "\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentMethodToken\":\"pm_approve\"}";
        appendAsMainStoredIt(orderId, "io.emporium.messages.order.OrderPlaced", storedPayload, customer);

        assertThat(finalStatus(orderId)).isEqualTo("CONFIRMED");
        assertStock(sku, 9, 0, 9);
        // The payment the saga asked for, under the id it took from the upcast event.
        EdgeClient.Response payment = edge.get("/api/orders/" + orderId + "/payment");
        assertThat(payment.status()).as(payment.body()).isEqualTo(200);
        String paymentId = payment.json().get("paymentId").asText();
        assertThat(payment.json().get("status").asText()).isEqualTo("AUTHORIZED");
        JsonNode events = edge.get("/api/admin/aggregates/" + orderId + "/events").json();
        assertThat(events.get(0).get("payload").get("paymentId").asText()).as("OrderPlaced read by the edge")
                                                                       .isEqualTo(paymentId);
        assertThat(events.get(1).get("payload").get("paymentId").asText()).as("OrderConfirmed").isEqualTo(paymentId);
        EdgeClient.Response again = edge.post("/api/orders", "{\"orderId\":\"" + orderId
                + "\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentMethodToken\":\"pm_approve\"}");
        assertThat(again.status()).as("the same placement again, decided on the stored order: " + again.body())
                                  .isEqualTo(202);
        assertThat(edge.get("/api/admin/aggregates/" + orderId + "/events").json()).hasSize(2);
    }

    /** Appends one event at sequence 0 of a new aggregate as Axon Server holds an event of a type without @Revision. */
    static void appendAsMainStoredIt(String orderId, String payloadType, String payload, String caller)
            throws Exception {
        String axonServer = System.getenv("AXON_SERVER");
        int colon = axonServer.lastIndexOf(':');
        AxonServerConnectionFactory factory =
                AxonServerConnectionFactory.forClient("emporium-distributed-tests")
                        .routingServers(new ServerAddress(
                                colon < 0 ? axonServer : axonServer.substring(0, colon),
                                colon < 0 ? 8124 : Integer.parseInt(axonServer.substring(colon + 1))))
                        .build();
        try {
            Event event = Event.newBuilder()
                    .setMessageIdentifier(UUID.randomUUID().toString())
                    .setAggregateIdentifier(orderId)
                    .setAggregateSequenceNumber(0)
                    .setAggregateType("Order")
                    .setTimestamp(System.currentTimeMillis())
                    .setPayload(SerializedObject.newBuilder()
                            .setType(payloadType)
                            .setRevision("")
                            .setData(ByteString.copyFromUtf8(payload)))
                    .putMetaData("emporium.caller", text(caller))
                    .putMetaData("emporium.callerRoles", text("customer"))
                    .putMetaData("emporium.correlationId", text(UUID.randomUUID().toString()))
                    .build();
            factory.connect(System.getenv().getOrDefault("AXON_SERVER_CONTEXT", "default"))
                   .eventChannel().appendEvents(event).get(30, TimeUnit.SECONDS);
        } finally {
            factory.shutdown();
        }
    }

    static MetaDataValue text(String value) {
        return MetaDataValue.newBuilder().setTextValue(value).build();
    }

    void awaitProjectionsCaughtUp() {
        await("the projections at the head", Duration.ofSeconds(60), () -> {
            EdgeClient.Response statuses = edge.get("/api/admin/projections");
            if (statuses.status() != 200) {
                return false;
            }
            for (JsonNode projection : statuses.json().get("projections")) {
                if (!projection.path("running").asBoolean() || projection.path("lag").asLong(-1) != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Every row of every read-model table, in key order. */
    Map<String, List<Map<String, Object>>> readModels() throws SQLException {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("order_view", "order_id");
        keys.put("order_line_view", "order_id, sku");
        keys.put("order_status_history", "order_id, sequence_number");
        keys.put("product_view", "sku");
        keys.put("payment_view", "payment_id");
        keys.put("payment_refund_view", "payment_id, refund_id");
        Map<String, List<Map<String, Object>>> rows = new java.util.LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl,
                System.getenv().getOrDefault("EMPORIUM_DB_USER", "postgres"),
                System.getenv().getOrDefault("EMPORIUM_DB_PASSWORD", ""));
             Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> table : keys.entrySet()) {
                List<Map<String, Object>> tableRows = new ArrayList<>();
                try (java.sql.ResultSet result = statement.executeQuery(
                        "SELECT * FROM " + table.getKey() + " ORDER BY " + table.getValue())) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        Map<String, Object> row = new java.util.LinkedHashMap<>();
                        for (int c = 1; c <= columns; c++) {
                            row.put(result.getMetaData().getColumnName(c), result.getObject(c));
                        }
                        tableRows.add(row);
                    }
                }
                rows.put(table.getKey(), tableRows);
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------- helpers

    String product(int stock) {
        String sku = "DIST-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toUpperCase();
        // Retried while Axon Server has not yet learnt of the inventory service's handlers (503 until then).
        await("product " + sku + " registered", Duration.ofSeconds(60), () -> {
            int status = edge.post("/api/products", registration(sku, stock)).status();
            return status >= 200 && status < 300 || status == 409; // 409: an earlier attempt got through
        });
        await("product " + sku + " in the catalogue", Duration.ofSeconds(30),
              () -> edge.get("/api/products/" + sku).status() == 200);
        return sku;
    }

    static String registration(String sku, int stock) {
        return "{\"sku\":\"" + sku + "\",\"name\":\"Distributed test item\","
                + "\"unitPrice\":{\"amount\":1250,\"currency\":\"EUR\"},\"initialStock\":" + stock + "}";
    }

    String place(String sku, int quantity, String paymentToken) {
        String orderId = UUID.randomUUID().toString();
        String body = "{\"orderId\":\"" + orderId + "\",\"lines\":[{\"sku\":\""
                + sku + "\",\"quantity\":" + quantity + "}],\"paymentMethodToken\":\"" + paymentToken + "\"}";
        EdgeClient.Response placed = edge.post("/api/orders", body);
        assertThat(placed.status()).as(placed.body()).isBetween(200, 299);
        return orderId;
    }

    String status(String orderId) {
        EdgeClient.Response view = edge.get("/api/orders/" + orderId + "?waitMillis=1000");
        return view.status() == 200 ? view.json().get("status").asText() : null;
    }

    String finalStatus(String orderId) {
        String[] last = new String[1];
        await("order " + orderId + " in a final state", Duration.ofSeconds(120), () -> {
            last[0] = status(orderId);
            return last[0] != null && FINAL.contains(last[0]);
        });
        return last[0];
    }

    String lastReason(String orderId) {
        JsonNode history = edge.get("/api/orders/" + orderId).json().get("statusHistory");
        JsonNode reason = history.get(history.size() - 1).get("reason");
        return reason == null ? "" : reason.asText();
    }

    /** Whether the event store holds any event of this aggregate: 200 says yes, 404 no, anything else is asked again. */
    boolean storedAnyEvent(String aggregateId) {
        int[] status = new int[1];
        await("a decisive answer about the events of " + aggregateId, Duration.ofSeconds(30), () -> {
            status[0] = edge.get("/api/admin/aggregates/" + aggregateId + "/events").status();
            return status[0] == 200 || status[0] == 404;
        });
        return status[0] == 200;
    }

    JsonNode stock(String sku) {
        return edge.get("/api/products/" + sku).json();
    }

    void assertStock(String sku, int onHand, int reserved, int available) {
        String expected = onHand + "/" + reserved + "/" + available;
        String[] seen = new String[1];
        try {
            await("stock of " + sku + " settles at on hand/reserved/available " + expected, Duration.ofSeconds(30), () -> {
                JsonNode product = stock(sku);
                seen[0] = product.get("onHand").asInt() + "/" + product.get("reserved").asInt() + "/"
                        + product.get("available").asInt();
                return expected.equals(seen[0]);
            });
        } catch (AssertionError notSettled) {
            // the assertion below names what was seen last
        }
        assertThat(seen[0]).as("stock of %s: on hand/reserved/available", sku).isEqualTo(expected);
    }

    static void await(String what, Duration limit, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(limit);
        RuntimeException lastFailure = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            ServiceProcesses.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("not within " + limit + ": " + what, lastFailure);
    }
}
