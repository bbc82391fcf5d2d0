package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emporium.messages.order.OrderStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bad requests generated from {@code docs/api/openapi.json}, sent over real HTTP to the running platform: every
 * operation of the document gets each kind of defect (body, path, query, headers, token, method, media types),
 * always one defect on an otherwise valid request, so that a defect the edge lets through shows as a 2xx or as an
 * event. Every answer must be a 4xx {@code application/problem+json} that names no server, class or stack frame,
 * and no event may be appended for any aggregate the requests name. The generator is seeded (printed; set
 * {@code -Demporium.hostile.seed=N} to run another draw) and so gives the same requests on every run of a seed.
 */
@IntegrationTest
class HostileInputIntegrationTest {

    static final String SEED = "emporium.hostile.seed";
    static final long DEFAULT_SEED = 13_0042L;
    /** Requests drawn per operation, on top of the fixed ones (malformed HTTP, another customer's order). */
    static final int PER_OPERATION = 70;
    /** In a fixed order: the draw of a wrong method must not depend on a set's iteration order. */
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** What an answer to a stranger must never show: stack frames, class and package names, the server. */
    static final List<String> DISCLOSURES = List.of("Exception", "\tat ", "at org.", "at java.", "java.",
            "org.springframework", "org.apache", "io.emporium.", "com.fasterxml", "Tomcat", "tomcat", "Apache");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes a lone surrogate as the JSON escape it can only be. */
    private static final ObjectMapper ESCAPING = new ObjectMapper().enable(
            com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
    private static final String ODD = "\u00e9\u0301\u202e\u05d0\ud83d\ude00\u4e2d\ufeff\u200b\u0410\ufffd ";

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    /** One bad request and the defect it carries. */
    record Case(String operation, String defect, String method, String target, Map<String, String> headers,
                byte[] body) {
    }

    /** The fixtures the requests are built around: a product, and a confirmed order of customer A and its payment. */
    record World(String sku, String orderId, String paymentId) {
    }

    @Test
    void everyGeneratedBadRequestIsAnsweredWithAProblemAndAppendsNoEvent() throws Exception {
        long seed = Long.getLong(SEED, DEFAULT_SEED);
        Random random = new Random(seed);
        World world = world();
        Set<String> named = new LinkedHashSet<>(List.of(world.sku(), world.orderId(), world.paymentId()));
        Long mark = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        Long totalBefore = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);

        JsonNode document = JSON.readTree(Files.readString(ApiSpecIntegrationTest.committed()));
        List<Case> cases = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                operations++;
                Generator generator = new Generator(document, path.getKey(), path.getValue(),
                                                    op.getKey().toUpperCase(), op.getValue(), world, random, named);
                for (int i = 0; i < PER_OPERATION; i++) {
                    cases.add(generator.next());
                }
            }
        }
        cases.addAll(anotherCustomersOrder(world));
        cases.addAll(malformedHttp());

        long started = System.nanoTime();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> failureKinds = new TreeMap<>();
        List<String> log = new ArrayList<>();
        for (Case c : cases) {
            RawHttp.Answer answer = RawHttp.send(port, head(c), c.body());
            byStatus.merge(answer.status(), 1, Integer::sum);
            log.add(answer.status() + " " + c.operation() + " [" + c.defect() + "] " + c.method() + " "
                            + abbreviate(c.target()));
            String wrong = wrongAbout(answer);
            if (wrong != null) {
                failureKinds.merge(c.defect().replaceAll("[=' ].*", "") + " -> " + answer.status() + " "
                                           + wrong, 1, Integer::sum);
                failures.add(c.operation() + " [" + c.defect() + "] " + c.method() + " " + abbreviate(c.target())
                                     + " -> " + answer.status() + " " + answer.contentType() + ": " + wrong + ": "
                                     + abbreviate(answer.body()));
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // every request with its answer's status, to compare two runs of a seed or read what a failure was next to
        Files.write(java.nio.file.Path.of("target", "hostile-input-answers.txt"), log, StandardCharsets.UTF_8);
        Long appended = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE global_index > ? AND aggregate_identifier = ANY(?)",
                Long.class, mark, named.toArray(new String[0]));
        Long totalAfter = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);

        System.out.printf("Hostile input: seed %d, %d operations, %d requests in %d ms, answers by status %s, "
                                  + "%d not a clean problem, %d events appended for the %d aggregate ids named "
                                  + "(event store rows %d before, %d after)%n",
                          seed, operations, cases.size(), millis, byStatus, failures.size(), appended, named.size(),
                          totalBefore, totalAfter);
        failureKinds.forEach((kind, count) -> System.out.println("  " + count + " x " + kind));
        failures.stream().limit(200).forEach(failure -> System.out.println("  " + failure));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(failures).as("answers that are not a clean 4xx problem (seed %d)", seed).isEmpty();
        assertThat(appended).as("events appended by bad requests (seed %d)", seed).isZero();
    }

    /** A product, a confirmed order of customer A on it, and that order's payment, all settled before counting. */
    private World world() {
        Http operator = new Http(port).as("hostile-operator", "operator");
        String sku = Products.registered(operator, "HOSTILE");
        Products.visible(operator, sku);
        String orderId = UUID.randomUUID().toString();
        Http.Response placed = new Http(port).asCustomer("hostile-a").post("/api/orders", """
                {"orderId":"%s","lines":[{"sku":"%s","quantity":1}],"paymentMethodToken":"pm_approve"}
                """.formatted(orderId, sku));
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        FinalStates states = new FinalStates(new EventStreams(eventStore, jdbc), jdbc);
        await().atMost(Duration.ofSeconds(20)).until(() -> states.orderStatus(orderId) == OrderStatus.CONFIRMED
                && !states.sagaActive(orderId) && states.stock(sku).committed() == 1);
        Http.Response[] payment = new Http.Response[1];
        await().atMost(Duration.ofSeconds(10)).until(
                () -> (payment[0] = operator.get("/api/orders/" + orderId + "/payment")).status() == 200);
        return new World(sku, orderId, payment[0].json().get("paymentId").asText());
    }

    /** Customer B reaching for customer A's order, through every operation that names an order. */
    private List<Case> anotherCustomersOrder(World world) {
        Map<String, String> asB = Map.of("Authorization", "Bearer " + TestTokens.token("hostile-b", "customer"));
        String order = "/api/orders/" + world.orderId();
        String cancel = "{\"reason\":\"not mine\"}";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("GET " + order, "another customer's order", "GET", order, asB, null));
        cases.add(new Case("GET " + order + "/payment", "another customer's order", "GET", order + "/payment", asB,
                           null));
        cases.add(new Case("GET " + order + "/updates", "another customer's order", "GET", order + "/updates", asB,
                           null));
        cases.add(new Case("GET /api/orders", "another customer's orders", "GET", "/api/orders?customerId=hostile-a",
                           asB, null));
        Map<String, String> cancelAsB = new LinkedHashMap<>(asB);
        cancelAsB.put("Content-Type", "application/json");
        cases.add(new Case("POST " + order + "/cancel", "another customer's order", "POST", order + "/cancel",
                           cancelAsB, cancel.getBytes(StandardCharsets.UTF_8)));
        return cases;
    }

    /** Requests the servlet container itself refuses before any of the edge's code runs. */
    private static List<Case> malformedHttp() {
        String token = "Authorization: Bearer " + TestTokens.token(TestTokens.STAFF, "customer", "operator") + "\r\n";
        List<String> heads = List.of(
                "GET /api/products%ZZ HTTP/1.1\r\nHost: localhost\r\n",
                "GET /api/pro ducts HTTP/1.1\r\nHost: localhost\r\n",
                "GET /api/products HTTP/1.1\r\n",
                "GET /api/products HTTP/1.1\r\nHost: localhost\r\nHost: other\r\n",
                "GET /api/products HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n",
                "GET /api/products HTTP/1.1\r\nHost: localhost\r\nBad Name: x\r\n",
                "GET /api/products HTTP/1.1\r\nHost: localhost\r\nX-Long: " + "x".repeat(20_000) + "\r\n",
                "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n",
                "GET api/products HTTP/1.1\r\nHost: localhost\r\n",
                "GET /api/%2e%2e/products HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products/%2F HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products/%5C HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products/%00 HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products/%25 HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products/%C0%AF HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api//products HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products/a%0Ab HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products;jsessionid=1 HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products/\u00e9 HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET http://elsewhere.invalid:1/api/products HTTP/1.1\r\nHost: localhost\r\n" + token,
                "GET /api/products HTTP/1.1\r\nHost: localhost\r\nX-Ctl: a\u0001b\r\n" + token,
                "GET /api/products HTTP/1.1\r\nHost: local host\r\n" + token,
                "POST /api/products HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n" + token,
                "POST /api/products HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n"
                        + token,
                "POST /api/products HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n" + token,
                "TRACE /api/products HTTP/1.1\r\nHost: localhost\r\n" + token);
        List<Case> cases = new ArrayList<>();
        for (String head : heads) {
            cases.add(new Case("malformed HTTP", "refused by the container", "RAW", head, Map.of(), null));
        }
        return cases;
    }

    private static String head(Case c) {
        if (c.method().equals("RAW")) {
            return c.target();
        }
        StringBuilder head = new StringBuilder(c.method()).append(' ').append(c.target()).append(" HTTP/1.1\r\n");
        head.append("Host: localhost\r\n");
        c.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.toString();
    }

    /** What is wrong with an answer, or null when it is a clean 4xx problem. */
    private static String wrongAbout(RawHttp.Answer answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return "not a 4xx";
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return "not problem+json";
        }
        if (answer.headers().containsKey("server")) {
            return "names the server";
        }
        for (String disclosure : DISCLOSURES) {
            if (answer.body().contains(disclosure)) {
                return "discloses '" + disclosure.strip() + "'";
            }
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.path("status").asInt() != answer.status() || !problem.hasNonNull("type")) {
                return "status or type missing from the problem";
            }
        } catch (Exception e) {
            return "body is not JSON";
        }
        return null;
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("[\\r\\n]+", " | ");
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }

    /**
     * Bad requests for one operation of the document: its valid baseline (identity, path, query, body) with one
     * defect drawn from those that apply to it.
     */
    static final class Generator {

        private final JsonNode document;
        private final String template;
        private final JsonNode pathItem;
        private final String method;
        private final JsonNode operation;
        private final World world;
        private final Random random;
        private final Set<String> named;
        private final JsonNode bodySchema;

        Generator(JsonNode document, String template, JsonNode pathItem, String method, JsonNode operation,
                  World world, Random random, Set<String> named) {
            this.document = document;
            this.template = template;
            this.pathItem = pathItem;
            this.method = method;
            this.operation = operation;
            this.world = world;
            this.random = random;
            this.named = named;
            JsonNode content = operation.path("requestBody").path("content").path("application/json");
            this.bodySchema = content.isMissingNode() ? null : resolve(content.path("schema"));
        }

        Case next() {
            List<String> defects = new ArrayList<>(List.of("token", "method", "accept", "path", "query"));
            if (bodySchema != null) {
                defects.addAll(List.of("body", "body", "body", "body", "content-type"));
            }
            if (hasHeader("Idempotency-Key")) {
                defects.add("idempotency-key");
            }
            if (hasHeader("If-Match")) {
                defects.add("if-match");
            }
            String defect = defects.get(random.nextInt(defects.size()));
            if (defect.equals("path") && parameters("path").isEmpty()
                    || defect.equals("query") && parameters("query").isEmpty()) {
                defect = "token";
            }
            Map<String, String> path = basePath();
            Map<String, String> query = new LinkedHashMap<>();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + TestTokens.token(subject(), role()));
            headers.put("Accept", "application/json");
            ObjectNode body = bodySchema == null ? null : baseBody();
            byte[] raw = null;
            String label = defect;
            switch (defect) {
                case "token" -> label = badToken(headers);
                case "method" -> label = "method " + wrongMethod();
                case "accept" -> {
                    String accept = pick("image/png", ";;;", "application/xml", "text/html", "*/;q=x",
                                         "application/json;q=abc", "application/", "\u00e9/\u00e9");
                    headers.put("Accept", accept);
                    label = "Accept " + accept;
                }
                case "path" -> {
                    Map.Entry<String, String> bad = badPathValue(path);
                    label = "path " + bad.getKey() + "=" + bad.getValue();
                }
                case "query" -> {
                    List<JsonNode> params = parameters("query");
                    JsonNode param = params.get(random.nextInt(params.size()));
                    String value = badQueryValue(param);
                    query.put(param.get("name").asText(), value);
                    label = "query " + param.get("name").asText() + "=" + abbreviateValue(value);
                }
                case "body" -> {
                    raw = badBody(body);
                    label = "body " + lastBodyDefect;
                }
                case "content-type" -> {
                    String type = pick("*/*", "text/plain", "application/xml", "application/x-www-form-urlencoded",
                                       "application/*", "application/jsonx", "garbage;;", "multipart/form-data",
                                       "", "application/json; charset=ebcdic");
                    if (type.isEmpty()) {
                        headers.remove("Content-Type");
                        headers.put("X-No-Content-Type", "1");
                    } else {
                        headers.put("Content-Type", type);
                    }
                    label = "Content-Type '" + type + "'";
                }
                case "idempotency-key" -> {
                    String key = pick("", " ", "k".repeat(300), "key\u0001ctl", "key\ttab", "\u043a\u043b\u044e\u0447",
                                      "a b c", "key\u007f", "x".repeat(10_000));
                    headers.put("Idempotency-Key", key);
                    label = "Idempotency-Key '" + abbreviateValue(key) + "'";
                    if (random.nextInt(4) == 0) {
                        String subject = random.nextBoolean() ? "s".repeat(300) : "cust\u0000omer";
                        headers.put("Idempotency-Key", "good-key-" + random.nextInt(1_000_000));
                        headers.put("Authorization", "Bearer " + TestTokens.token(subject, role()));
                        label = "token subject " + abbreviateValue(subject) + " with an Idempotency-Key";
                    }
                }
                case "if-match" -> {
                    String tag = pick("garbage", "\"abc\"", "W/\"1\"", "\"-1\"", "\"99999999999999999999\"",
                                      "\"1\", \"2\"", "\"", "\"999\"", "\"1\u0001\"", "\"\u00e9\"");
                    headers.put("If-Match", tag);
                    label = "If-Match " + tag;
                }
                default -> throw new IllegalStateException(defect);
            }
            if (body != null && raw == null) {
                raw = write(body);
            }
            String verb = label.startsWith("method ") ? label.substring("method ".length()) : method;
            if (raw != null && !headers.containsKey("Content-Type") && !headers.containsKey("X-No-Content-Type")) {
                headers.put("Content-Type", "application/json");
            }
            headers.remove("X-No-Content-Type");
            return new Case(method + " " + template, label, verb, target(path, query), headers, raw);
        }

        private String lastBodyDefect = "";

        private boolean hasHeader(String name) {
            return parameters("header").stream().anyMatch(p -> p.get("name").asText().equals(name));
        }

        private List<JsonNode> parameters(String in) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode parameter : operation.path("parameters")) {
                if (parameter.path("in").asText().equals(in)) {
                    found.add(parameter);
                }
            }
            return found;
        }

        private String subject() {
            return template.startsWith("/api/orders") && !method.equals("GET") ? "hostile-a" : "hostile-operator";
        }

        private String role() {
            return subject().equals("hostile-a") ? "customer" : "operator";
        }

        private String badToken(Map<String, String> headers) {
            String valid = headers.get("Authorization").substring("Bearer ".length());
            Instant now = Instant.now();
            switch (random.nextInt(8)) {
                case 0 -> {
                    headers.remove("Authorization");
                    return "no token";
                }
                case 1 -> {
                    headers.put("Authorization", "Bearer " + valid.substring(0, valid.length() - 2)
                            + (valid.endsWith("AA") ? "BB" : "AA"));
                    return "forged signature";
                }
                case 2 -> {
                    headers.put("Authorization", "Bearer " + TestTokens.MINTER.mint(subject(), List.of(role()),
                            now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))));
                    return "expired token";
                }
                case 3 -> {
                    headers.put("Authorization", "Bearer " + new io.emporium.edge.security.TokenMinter(
                            TestTokens.ISSUER, TestTokens.AUDIENCE, "another-secret-of-at-least-32-bytes-0123")
                            .mint(subject(), List.of(role()), Duration.ofHours(1)));
                    return "token signed with another key";
                }
                case 4 -> {
                    headers.put("Authorization", "Bearer " + TestTokens.MINTER.mint(subject(), List.of(role()),
                            "someone-else", now, now.plus(Duration.ofHours(1))));
                    return "token for another audience";
                }
                case 5 -> {
                    headers.put("Authorization", "Bearer " + TestTokens.token(subject()));
                    return "token without roles";
                }
                case 6 -> {
                    headers.put("Authorization", pick("Basic dXNlcjpwYXNz", "Bearer", "Bearer a.b.c", "Bearer \u00e9",
                                                      "Bearer " + "x".repeat(5000)));
                    return "garbage authorization";
                }
                default -> {
                    String other = role().equals("customer") ? "operator" : "customer";
                    if (template.startsWith("/api/orders") && method.equals("GET")
                            || template.equals("/api/products") && method.equals("GET")
                            || template.equals("/api/products/{sku}") && method.equals("GET")) {
                        headers.put("Authorization", "Bearer " + TestTokens.token(subject(), "auditor"));
                        return "token with an unknown role";
                    }
                    headers.put("Authorization", "Bearer " + TestTokens.token(subject(), other));
                    return "token with the wrong role";
                }
            }
        }

        private String wrongMethod() {
            List<String> wrong = new ArrayList<>(List.of("TRACE", "BREW", "FOO-BAR", "PROPFIND"));
            for (String candidate : METHODS) {
                if (!pathItem.has(candidate.toLowerCase())) {
                    wrong.add(candidate);
                }
            }
            return wrong.get(random.nextInt(wrong.size()));
        }

        private Map<String, String> basePath() {
            Map<String, String> values = new LinkedHashMap<>();
            for (JsonNode parameter : parameters("path")) {
                String name = parameter.get("name").asText();
                values.put(name, switch (name) {
                    case "sku" -> world.sku();
                    case "orderId" -> world.orderId();
                    case "aggregateId" -> world.orderId();
                    case "paymentId" -> world.paymentId();
                    case "sequenceId" -> "123";
                    default -> "no-such-" + name;
                });
            }
            return values;
        }

        private Map.Entry<String, String> badPathValue(Map<String, String> path) {
            List<String> names = new ArrayList<>(path.keySet());
            String name = names.get(random.nextInt(names.size()));
            String value = pick(
                    "not-an-id", UUID.randomUUID().toString().toUpperCase(), "%2F", "%00", "..%2F..", "%25",
                    ";x=1", "%C0%AF", "%5C", "a%0Ab", "%F0%9F%98%80".repeat(40), "a".repeat(3000), "-1",
                    "99999999999999999999", enc(ODD.repeat(3)), "%E2%80%AE", enc("\ud800"), "%ED%A0%80",
                    "x%09y", UUID.randomUUID().toString(), "NOPE-" + random.nextInt(1_000_000), "%20", "~");
            if (value.matches("[0-9a-f-]{36}|NOPE-[0-9]+")) {
                named.add(value);
            }
            path.put(name, value);
            return Map.entry(name, value);
        }

        private String badQueryValue(JsonNode parameter) {
            JsonNode schema = parameter.path("schema");
            String type = schema.path("type").asText();
            if (type.equals("integer")) {
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : Integer.MAX_VALUE;
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : Long.MIN_VALUE;
                List<String> values = new ArrayList<>(List.of("abc", "1.5", "1e3", "99999999999999999999",
                        "-99999999999999999999", "%00", "true", "1%01"));
                if (min > Long.MIN_VALUE) {
                    values.add(Long.toString(min - 1));
                    values.add("-9223372036854775808");
                }
                if (schema.has("maximum")) {
                    values.add(Long.toString(max + 1));
                }
                return values.get(random.nextInt(values.size()));
            }
            if (schema.has("enum")) {
                return pick("BOGUS", "pending", "", "%00", "CONFIRMED,REJECTED", enc(ODD));
            }
            int max = schema.path("maxLength").asInt(255);
            return pick("x".repeat(max + 1 + random.nextInt(500)), enc(ODD.repeat(max / 4 + 1)), "%00",
                        "a%01b", enc("\ud800"), "");
        }

        /** A valid body for the operation: what its defect is then applied to. */
        private ObjectNode baseBody() {
            JsonNodeFactory f = JsonNodeFactory.instance;
            ObjectNode body = f.objectNode();
            switch (template) {
                case "/api/products" -> {
                    String sku = TestIds.sku("HOSTILE");
                    named.add(sku);
                    body.put("sku", sku).put("name", "Lamp").put("initialStock", 10);
                    body.putObject("unitPrice").put("amount", 4900).put("currency", "EUR");
                }
                case "/api/products/{sku}/stock" -> body.put("quantity", 5);
                case "/api/orders" -> {
                    String orderId = UUID.randomUUID().toString();
                    named.add(orderId);
                    body.put("orderId", orderId).put("paymentMethodToken", "pm_approve");
                    body.putArray("lines").addObject().put("sku", world.sku()).put("quantity", 1);
                }
                case "/api/orders/{orderId}/cancel" -> body.put("reason", "changed my mind");
                case "/api/payments/{paymentId}/refunds" -> {
                    body.put("refundId", "refund-" + random.nextInt(1_000_000)).put("reason", "damaged");
                    body.putObject("amount").put("amount", 100).put("currency", "EUR");
                }
                case "/api/admin/rebuilds" -> body.putArray("projections").add("order-views");
                default -> throw new IllegalStateException("no valid body known for " + template
                        + ": add one to the generator");
            }
            return body;
        }

        private byte[] badBody(ObjectNode body) {
            byte[] valid = write(body);
            switch (random.nextInt(12)) {
                case 0 -> {
                    lastBodyDefect = "truncated";
                    return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                }
                case 1 -> {
                    lastBodyDefect = "random bytes";
                    byte[] garbage = new byte[1 + random.nextInt(300)];
                    random.nextBytes(garbage);
                    return garbage;
                }
                case 2 -> {
                    lastBodyDefect = "malformed JSON";
                    return pick("{", "{\"a\":}", "{'sku':'x'}", "{\"quantity\":1,}", "nul", "{\"x\":1}{\"y\":2}",
                                "[".repeat(5000), "{\"a\":" + "[".repeat(3000), "\"just a string\"", "42", "[]",
                                "{\"quantity\":NaN}", "{\"quantity\":01}", "\u00ef\u00bb\u00bf{}", "{\"a\":\"\\x\"}",
                                "{\"a\":\"\\ud800\\u\"}").getBytes(StandardCharsets.UTF_8);
                }
                case 3 -> {
                    lastBodyDefect = "invalid UTF-8";
                    // a lead byte without its continuation, inside the first quoted name or value
                    int at = new String(valid, StandardCharsets.ISO_8859_1).indexOf('"') + 1;
                    byte[] bad = new byte[valid.length + 2];
                    System.arraycopy(valid, 0, bad, 0, at);
                    bad[at] = (byte) 0xC3;
                    bad[at + 1] = (byte) 0x28;
                    System.arraycopy(valid, at, bad, at + 2, valid.length - at);
                    return bad;
                }
                default -> {
                    mutateField(body, bodySchema, "");
                    return write(body);
                }
            }
        }

        /** Changes one field, reached through the schema, to a value of its kind that the edge must refuse. */
        private void mutateField(ObjectNode node, JsonNode schema, String prefix) {
            List<String> fields = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(fields::add);
            fields.removeIf(field -> !node.has(field));
            String field = fields.get(random.nextInt(fields.size()));
            JsonNode fieldSchema = resolve(schema.path("properties").path(field));
            String type = fieldSchema.path("type").asText("object");
            boolean required = false;
            for (JsonNode name : schema.path("required")) {
                required |= name.asText().equals(field);
            }
            String path = prefix + field;
            if (required && random.nextInt(6) == 0) {
                if (random.nextBoolean()) {
                    node.remove(field);
                    lastBodyDefect = path + " missing";
                } else {
                    node.putNull(field);
                    lastBodyDefect = path + " null";
                }
                return;
            }
            boolean ofObjects = type.equals("object")
                    || type.equals("array") && node.get(field).path(0).isObject();
            if (random.nextInt(3) == 0 && ofObjects) {
                if (type.equals("object")) {
                    mutateField((ObjectNode) node.get(field), fieldSchema, path + ".");
                } else {
                    mutateField((ObjectNode) node.get(field).get(0), resolve(fieldSchema.path("items")),
                                path + "[0].");
                }
                return;
            }
            JsonNodeFactory f = JsonNodeFactory.instance;
            switch (type) {
                case "string" -> {
                    int max = fieldSchema.path("maxLength").asInt(255);
                    boolean freeText = fieldSchema.has("maxLength");
                    switch (random.nextInt(7)) {
                        case 0 -> {
                            String text = ODD.repeat(max / ODD.length() + 2 + random.nextInt(50));
                            node.put(field, text);
                            lastBodyDefect = path + " long odd Unicode (" + text.length() + " chars)";
                        }
                        case 1 -> {
                            node.put(field, "a".repeat(max + 1 + random.nextInt(5000)));
                            lastBodyDefect = path + " too long";
                        }
                        case 2 -> {
                            // Free text holds C1 controls and line separators (Text.isStorable): only fields with a
                            // pattern refuse those; every field refuses the C0 controls and DEL.
                            char control = freeText ? pick('\u0000', '\u0001', '\u001b', '\u007f')
                                                    : pick('\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u2028');
                            node.put(field, "La" + control + "mp");
                            lastBodyDefect = (freeText ? "free text " : "") + path + " control character U+"
                                    + String.format("%04X", (int) control);
                        }
                        case 3 -> {
                            node.put(field, pick("Lamp\ud800", "\udc00Lamp", "La\udbffmp"));
                            lastBodyDefect = (freeText ? "free text " : "") + path + " lone surrogate";
                        }
                        default -> {
                            JsonNode wrong = pick(f.numberNode(12), f.booleanNode(true), f.objectNode(),
                                                  f.arrayNode().add("x"), f.numberNode(1.5));
                            node.set(field, wrong);
                            lastBodyDefect = path + " as " + wrong.getNodeType();
                        }
                    }
                }
                case "integer" -> {
                    boolean amount = field.equals("amount");
                    long max = fieldSchema.has("maximum") ? fieldSchema.get("maximum").asLong() : Long.MAX_VALUE;
                    long min = fieldSchema.has("minimum") ? fieldSchema.get("minimum").asLong() : 0;
                    switch (random.nextInt(6)) {
                        case 0 -> {
                            JsonNode wrong = pick(f.textNode("12"), f.numberNode(1.5), f.booleanNode(false),
                                                  f.objectNode(), f.arrayNode().add(1), f.textNode("abc"),
                                                  f.textNode(""));
                            node.set(field, wrong);
                            lastBodyDefect = path + " as " + wrong.getNodeType() + " " + wrong;
                        }
                        case 1 -> {
                            node.put(field, min - 1 - random.nextInt(1000));
                            lastBodyDefect = path + " below its minimum";
                        }
                        case 2 -> {
                            node.put(field, pick(Long.MIN_VALUE, (long) Integer.MIN_VALUE - 1, -1L));
                            lastBodyDefect = path + " negative";
                        }
                        case 3 -> {
                            node.set(field, f.numberNode(new java.math.BigInteger("9".repeat(20 + random.nextInt(400)))));
                            lastBodyDefect = path + " beyond 64 bits";
                        }
                        case 4 -> {
                            node.set(field, f.numberNode(new java.math.BigDecimal("1e" + (300 + random.nextInt(200)))));
                            lastBodyDefect = path + " as a huge float";
                        }
                        default -> {
                            if (max < Long.MAX_VALUE) {
                                node.put(field, pick(max + 1, (long) Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1,
                                                     Long.MAX_VALUE));
                                lastBodyDefect = path + " above its maximum";
                            } else {
                                node.put(field, pick(Long.MAX_VALUE, Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE - 1));
                                lastBodyDefect = (amount ? "amount " : "") + path + " near the 64-bit limit";
                            }
                        }
                    }
                }
                case "array" -> {
                    switch (random.nextInt(3)) {
                        case 0 -> {
                            node.putArray(field);
                            lastBodyDefect = path + " empty";
                        }
                        case 1 -> {
                            var lines = node.putArray(field);
                            for (int i = 0; i < 101 + random.nextInt(50); i++) {
                                lines.addObject().put("sku", "SKU-" + i).put("quantity", 1);
                            }
                            lastBodyDefect = path + " with too many items";
                        }
                        default -> {
                            node.put(field, "not an array");
                            lastBodyDefect = path + " as a string";
                        }
                    }
                }
                default -> {
                    JsonNode wrong = pick(f.textNode("x"), f.numberNode(1), f.arrayNode(), f.objectNode());
                    node.set(field, wrong);
                    lastBodyDefect = path + " as " + wrong.getNodeType();
                }
            }
        }

        private JsonNode resolve(JsonNode schema) {
            JsonNode current = schema;
            while (current.has("$ref")) {
                String ref = current.get("$ref").asText();
                current = document.at(ref.substring(1));
            }
            return current;
        }

        private String target(Map<String, String> path, Map<String, String> query) {
            String target = template;
            for (Map.Entry<String, String> value : path.entrySet()) {
                target = target.replace("{" + value.getKey() + "}", value.getValue());
            }
            StringBuilder q = new StringBuilder();
            query.forEach((name, value) -> q.append(q.isEmpty() ? '?' : '&').append(name).append('=').append(value));
            return target + q;
        }

        @SafeVarargs
        private <T> T pick(T... choices) {
            return choices[random.nextInt(choices.length)];
        }

        private static String enc(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }

        private static String abbreviateValue(String value) {
            String shown = value.length() > 24 ? value.substring(0, 24) + "...(" + value.length() + ")" : value;
            StringBuilder escaped = new StringBuilder();
            shown.chars().forEach(c -> escaped.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c)
                                                                              : String.valueOf((char) c)));
            return escaped.toString();
        }

        private static byte[] write(JsonNode body) {
            try {
                return JSON.writeValueAsBytes(body);
            } catch (Exception unpaired) {
                try {
                    return ESCAPING.writeValueAsBytes(body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
