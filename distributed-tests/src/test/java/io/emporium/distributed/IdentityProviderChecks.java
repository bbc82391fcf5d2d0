package io.emporium.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak of compose.yaml and the edge agree, so that the realm's users get tokens the edge accepts: the realm
 * file Keycloak imports has the roles {@code customer} and {@code operator} and a user of each, whose passwords
 * are placeholders Keycloak fills from its environment (never a literal); the edge's issuer is the one Keycloak's
 * tokens carry ({@code KC_HOSTNAME} and the realm), its audience the one the realm's audience mapper adds, its JWK
 * set Keycloak's certs endpoint on the compose network, its roles claim {@code realm_access.roles}.
 */
final class IdentityProviderChecks {

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)}$");

    private IdentityProviderChecks() {
    }

    static List<String> problems(Map<String, Object> keycloak, Map<String, Object> edge, Path base) {
        List<String> problems = new ArrayList<>();
        Path realmFile = null;
        for (Object volume : ComposeChecks.list(keycloak.get("volumes"))) {
            String[] parts = volume.toString().split(":");
            if (parts.length > 1 && parts[1].startsWith("/opt/keycloak/data/import/") && parts[0].endsWith(".json")) {
                realmFile = base.resolve(parts[0]).normalize();
            }
        }
        if (realmFile == null || !Files.isRegularFile(realmFile)) {
            problems.add("keycloak imports no realm file (a .json mounted under /opt/keycloak/data/import/)");
            return problems;
        }
        JsonNode realm = read(realmFile);
        String name = realm.path("realm").asText();
        Map<String, Object> keycloakEnvironment = ComposeChecks.map(keycloak.get("environment"));
        for (String role : List.of("customer", "operator")) {
            boolean defined = false;
            for (JsonNode realmRole : realm.path("roles").path("realm")) {
                defined |= role.equals(realmRole.path("name").asText());
            }
            if (!defined) {
                problems.add("realm " + name + " has no realm role " + role);
            }
            boolean user = false;
            for (JsonNode candidate : realm.path("users")) {
                for (JsonNode granted : candidate.path("realmRoles")) {
                    user |= role.equals(granted.asText());
                }
            }
            if (!user) {
                problems.add("realm " + name + " has no user with the role " + role);
            }
        }
        for (JsonNode user : realm.path("users")) {
            for (JsonNode credential : user.path("credentials")) {
                Matcher placeholder = PLACEHOLDER.matcher(credential.path("value").asText());
                if (!placeholder.matches()) {
                    problems.add("realm " + name + " writes the password of " + user.path("username").asText()
                            + "; use a placeholder ${VARIABLE} that keycloak's environment sets");
                } else if (!keycloakEnvironment.containsKey(placeholder.group(1))) {
                    problems.add("realm " + name + " takes the password of " + user.path("username").asText()
                            + " from " + placeholder.group(1) + ", which keycloak's environment does not set");
                }
            }
        }
        String audience = null;
        for (JsonNode client : realm.path("clients")) {
            for (JsonNode mapper : client.path("protocolMappers")) {
                if (mapper.path("protocolMapper").asText().equals("oidc-audience-mapper")) {
                    audience = mapper.path("config").path("included.custom.audience").asText();
                }
            }
        }
        Map<String, Object> edgeEnvironment = ComposeChecks.map(edge.get("environment"));
        String issuer = ComposeChecks.withDefaults(keycloakEnvironment.get("KC_HOSTNAME")) + "/realms/" + name;
        String port = "8080";
        for (Object argument : ComposeChecks.list(keycloak.get("command"))) {
            if (argument.toString().startsWith("--http-port=")) {
                port = argument.toString().substring("--http-port=".length());
            }
        }
        expect(problems, edgeEnvironment, "EMPORIUM_SECURITY_JWT_ISSUER", issuer, "the issuer of keycloak's tokens");
        expect(problems, edgeEnvironment, "EMPORIUM_SECURITY_JWT_AUDIENCE", audience,
               "the audience realm " + name + "'s audience mapper adds");
        expect(problems, edgeEnvironment, "EMPORIUM_SECURITY_JWT_JWK_SET_URI",
               "http://keycloak:" + port + "/realms/" + name + "/protocol/openid-connect/certs",
               "keycloak's JWK set on the compose network");
        expect(problems, edgeEnvironment, "EMPORIUM_SECURITY_JWT_ROLES_CLAIM", "realm_access.roles",
               "where keycloak puts realm roles");
        return problems;
    }

    private static void expect(List<String> problems, Map<String, Object> environment, String variable,
                               String expected, String what) {
        String actual = ComposeChecks.withDefaults(environment.get(variable));
        if (!actual.equals(expected)) {
            problems.add("edge-service's " + variable + " is " + (actual.isEmpty() ? "not set" : actual)
                    + " by default, not " + expected + " (" + what + ")");
        }
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm file " + file, e);
        }
    }
}
