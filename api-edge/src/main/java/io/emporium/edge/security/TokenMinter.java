package io.emporium.edge.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs HS256 bearer tokens the edge accepts when it is configured with the same issuer, audience and
 * {@code hmac-secret}. For local runs (the {@code local} profile's {@code POST /local/tokens}), tests and the
 * benchmark harness; a production deployment takes its tokens from an identity provider and never holds one of these.
 */
public final class TokenMinter {

    private final String issuer;
    private final String audience;
    private final NimbusJwtEncoder encoder;

    public TokenMinter(String issuer, String audience, String hmacSecret) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        byte[] secret = hmacSecret.getBytes(StandardCharsets.UTF_8);
        if (secret.length < SecurityProperties.MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("an HS256 secret must be at least "
                    + SecurityProperties.MIN_HMAC_SECRET_BYTES + " bytes long");
        }
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(secret, "HmacSHA256")));
    }

    /** A token for the edge configured by these properties, which must name an HMAC secret. */
    public static TokenMinter of(SecurityProperties properties) {
        if (properties.hmacSecret() == null || properties.hmacSecret().isBlank()) {
            throw new IllegalStateException("minting tokens needs emporium.security.jwt.hmac-secret;"
                    + " the edge is configured with a public key or a JWK set");
        }
        return new TokenMinter(properties.issuer(), properties.audience(), properties.hmacSecret());
    }

    /** A token for {@code subject} with these roles, valid from now for {@code lifetime}. */
    public String mint(String subject, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        return mint(subject, roles, now, now.plus(lifetime));
    }

    /** A token for {@code subject} with these roles, valid from {@code issuedAt} until {@code expiresAt}. */
    public String mint(String subject, List<String> roles, Instant issuedAt, Instant expiresAt) {
        return mint(subject, roles, audience, issuedAt, expiresAt);
    }

    /** A token with every claim chosen by the caller: for tests of what the edge refuses. */
    public String mint(String subject, List<String> roles, String audience, Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                                          .id(UUID.randomUUID().toString())
                                          .issuer(issuer)
                                          .subject(subject)
                                          .audience(List.of(audience))
                                          .issuedAt(issuedAt)
                                          .notBefore(issuedAt)
                                          .expiresAt(expiresAt)
                                          .claim("roles", List.copyOf(roles))
                                          .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }
}
