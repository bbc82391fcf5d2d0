package io.emporium.edge.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the edge checks bearer tokens, under {@code emporium.security.jwt}. Nothing has a default that would let
 * the edge start: issuer, audience and exactly one key source must be configured (the {@code local} profile sets
 * them for a laptop, see {@code application-local.yml}). A blank value counts as not set, so that a deployment can
 * pass every variable and fill in only the one it uses.
 *
 * @param issuer     the {@code iss} every token must carry
 * @param audience   a value the token's {@code aud} must contain
 * @param hmacSecret a shared secret of at least 32 bytes (UTF-8) for HS256 tokens
 * @param publicKey  where to read a PEM file ({@code -----BEGIN PUBLIC KEY-----}, e.g. {@code file:/run/secrets/jwt.pem})
 *                   holding the RSA key RS256 tokens are signed with
 * @param jwkSetUri  the identity provider's JWK set, for RS256 tokens whose keys rotate
 * @param rolesClaim the claim holding the caller's roles, a list or a space-separated string; a dotted path such as
 *                   {@code realm_access.roles} (Keycloak) names a claim inside a nested object
 * @param clockSkew  how much a token's {@code exp} and {@code nbf} may be off
 */
@ConfigurationProperties("emporium.security.jwt")
public record SecurityProperties(String issuer,
                                 String audience,
                                 String hmacSecret,
                                 String publicKey,
                                 String jwkSetUri,
                                 @DefaultValue("roles") String rolesClaim,
                                 @DefaultValue("30s") Duration clockSkew) {

    /** Shortest HS256 secret accepted: the length of the hash, as RFC 7518 section 3.2 requires. */
    public static final int MIN_HMAC_SECRET_BYTES = 32;

    public SecurityProperties {
        require(issuer, "issuer", "EMPORIUM_SECURITY_JWT_ISSUER");
        require(audience, "audience", "EMPORIUM_SECURITY_JWT_AUDIENCE");
        int keySources = (isSet(hmacSecret) ? 1 : 0) + (isSet(publicKey) ? 1 : 0) + (isSet(jwkSetUri) ? 1 : 0);
        if (keySources != 1) {
            throw new IllegalArgumentException("exactly one of emporium.security.jwt.hmac-secret (EMPORIUM_SECURITY_JWT_HMAC_SECRET),"
                    + " public-key (EMPORIUM_SECURITY_JWT_PUBLIC_KEY) and jwk-set-uri (EMPORIUM_SECURITY_JWT_JWK_SET_URI) must be set, "
                    + keySources + " are; for a run on a laptop, start with the profile 'local'");
        }
        if (isSet(hmacSecret) && hmacSecret.getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("emporium.security.jwt.hmac-secret must be at least "
                    + MIN_HMAC_SECRET_BYTES + " bytes long");
        }
        if (!isSet(rolesClaim)) {
            throw new IllegalArgumentException("emporium.security.jwt.roles-claim must not be blank");
        }
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("emporium.security.jwt.clock-skew must be between 0 and 5 minutes, was "
                    + clockSkew);
        }
    }

    private static void require(String value, String name, String variable) {
        if (!isSet(value)) {
            throw new IllegalArgumentException("emporium.security.jwt." + name + " (" + variable + ") must be set;"
                    + " for a run on a laptop, start with the profile 'local'");
        }
    }

    static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
