package io.emporium.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.order.PlaceOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The edge configured as compose.yaml configures it against Keycloak: keys from the identity provider's JWK set
 * ({@code emporium.security.jwt.jwk-set-uri}), roles from Keycloak's {@code realm_access.roles}. The JWK set is
 * served by a JDK HTTP server on loopback, and the tokens are shaped like the access tokens Keycloak issues for the
 * users, roles and audience of the committed realm file {@code keycloak/emporium-realm.json}, which this test reads.
 */
@WebMvcTest(properties = {"emporium.edge.command-timeout=300ms", "emporium.edge.queries.timeout=300ms",
        "emporium.security.jwt.roles-claim=realm_access.roles"})
class KeycloakTokenTest extends EdgeWebTest {

    /** compose.yaml's Keycloak answers on this address (KC_HOSTNAME), so its tokens name it as their issuer. */
    private static final String KEYCLOAK = "http://localhost:8180";
    private static final JsonNode REALM = readRealm();
    private static final String ISSUER = KEYCLOAK + "/realms/" + REALM.path("realm").asText();
    private static final RSAKey SIGNING_KEY = rsaKey();
    private static final AtomicInteger KEY_SET_REQUESTS = new AtomicInteger();
    private static final HttpServer KEY_SET = serve(new JWKSet(SIGNING_KEY.toPublicJWK()));

    private static final String PLACE_ORDER = """
            {"orderId": "%s", "lines": [{"sku": "MUG-001", "quantity": 1}], "paymentMethodToken": "tok_visa"}"""
            .formatted(ORDER_ID);
    private static final String REGISTER_PRODUCT = """
            {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1250, "currency": "EUR"}, "initialStock": 5}""";

    @DynamicPropertySource
    static void keycloak(DynamicPropertyRegistry registry) {
        registry.add("emporium.security.jwt.issuer", () -> ISSUER);
        registry.add("emporium.security.jwt.audience", KeycloakTokenTest::realmAudience);
        registry.add("emporium.security.jwt.jwk-set-uri", () -> "http://127.0.0.1:" + KEY_SET.getAddress().getPort()
                + "/realms/" + REALM.path("realm").asText() + "/protocol/openid-connect/certs");
    }

    @AfterAll
    static void stopKeySet() {
        KEY_SET.stop(0);
    }

    @Test
    void theRealmsCustomerPlacesAnOrderInItsOwnName() throws Exception {
        givenCommandsAreAccepted();
        JsonNode customer = user("customer");

        perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(PLACE_ORDER),
                keycloakToken(customer, realmAudience(), ISSUER, Instant.now().plus(Duration.ofMinutes(15)), SIGNING_KEY))
                .andExpect(status().isAccepted());

        assertThat(sentCommand(PlaceOrder.class).customerId()).isEqualTo(customer.path("id").asText());
        assertThat(KEY_SET_REQUESTS).as("the edge fetched the keys from the JWK set").hasPositiveValue();
    }

    @Test
    void theRealmsOperatorRegistersProductsAndTheCustomerMayNot() throws Exception {
        givenCommandsAreAccepted();
        Instant expiry = Instant.now().plus(Duration.ofMinutes(15));

        perform(post("/api/products").contentType(MediaType.APPLICATION_JSON).content(REGISTER_PRODUCT),
                keycloakToken(user("operator"), realmAudience(), ISSUER, expiry, SIGNING_KEY))
                .andExpect(status().isCreated());
        assertThat(sentCommand(RegisterProduct.class).sku()).isEqualTo("MUG-001");

        perform(post("/api/products").contentType(MediaType.APPLICATION_JSON).content(REGISTER_PRODUCT),
                keycloakToken(user("customer"), realmAudience(), ISSUER, expiry, SIGNING_KEY))
                .andExpect(status().isForbidden());
    }

    @Test
    void aKeycloakTokenForAnotherAudienceIsRefused() throws Exception {
        expectRefused(keycloakToken(user("customer"), "account", ISSUER, Instant.now().plusSeconds(600), SIGNING_KEY),
                      "aud");
    }

    @Test
    void aKeycloakTokenOfAnotherRealmIsRefused() throws Exception {
        expectRefused(keycloakToken(user("customer"), realmAudience(), KEYCLOAK + "/realms/master",
                                    Instant.now().plusSeconds(600), SIGNING_KEY), "iss");
    }

    @Test
    void anExpiredKeycloakTokenIsRefused() throws Exception {
        expectRefused(keycloakToken(user("customer"), realmAudience(), ISSUER, Instant.now().minusSeconds(120),
                                    SIGNING_KEY), "expired");
    }

    @Test
    void aTokenSignedByAKeyOutsideTheJwkSetIsRefused() throws Exception {
        RSAKey stranger = rsaKey();
        expectRefused(keycloakToken(user("customer"), realmAudience(), ISSUER, Instant.now().plusSeconds(600),
                                    stranger), "no matching key");
    }

    private void expectRefused(String authorization, String detail) throws Exception {
        perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(PLACE_ORDER), authorization)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:emporium:problem:unauthenticated"))
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("invalid_token")))
                .andExpect(jsonPath("$.detail").value(containsString(detail)));
        verifyNoInteractions(commandGateway);
    }

    private ResultActions perform(MockHttpServletRequestBuilder request, String authorization) throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, authorization));
    }

    /**
     * An access token as Keycloak issues one to a realm user through the password grant of the realm's public client:
     * RS256 with the key's {@code kid}, the user's id as {@code sub}, the audience mapper's audience beside
     * {@code account}, realm roles under {@code realm_access.roles} with Keycloak's own default roles among them.
     */
    private static String keycloakToken(JsonNode user, String audience, String issuer, Instant expiresAt, RSAKey key) {
        Instant issuedAt = expiresAt.minus(Duration.ofMinutes(15));
        List<String> roles = new ArrayList<>(List.of("offline_access", "uma_authorization",
                                                     "default-roles-" + REALM.path("realm").asText()));
        user.path("realmRoles").forEach(role -> roles.add(role.asText()));
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .id(UUID.randomUUID().toString())
                .issuer(issuer)
                .audience(List.of(audience, "account"))
                .subject(user.path("id").asText())
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .claim("typ", "Bearer")
                .claim("azp", REALM.path("clients").path(0).path("clientId").asText())
                .claim("realm_access", Map.of("roles", roles))
                .claim("resource_access", Map.of("account", Map.of("roles", List.of("manage-account", "view-profile"))))
                .claim("scope", "profile email")
                .claim("preferred_username", user.path("username").asText())
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").keyId(key.getKeyID()).build();
        String token = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)))
                .encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return "Bearer " + token;
    }

    private static JsonNode user(String username) {
        for (JsonNode user : REALM.path("users")) {
            if (user.path("username").asText().equals(username)) {
                return user;
            }
        }
        throw new IllegalStateException("the realm file has no user " + username);
    }

    /** The audience the realm's client adds to its access tokens (its audience mapper). */
    private static String realmAudience() {
        for (JsonNode mapper : REALM.path("clients").path(0).path("protocolMappers")) {
            if (mapper.path("protocolMapper").asText().equals("oidc-audience-mapper")) {
                return mapper.path("config").path("included.custom.audience").asText();
            }
        }
        throw new IllegalStateException("the realm's client has no audience mapper");
    }

    private static JsonNode readRealm() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
        }
        try {
            return new ObjectMapper().readTree(dir.resolve("keycloak/emporium-realm.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the JWK set at Keycloak's certs path only; any other path is 404. */
    private static HttpServer serve(JWKSet keys) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
            String certs = "/realms/" + REALM.path("realm").asText() + "/protocol/openid-connect/certs";
            server.createContext("/", exchange -> {
                if (!exchange.getRequestURI().getPath().equals(certs)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                KEY_SET_REQUESTS.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
