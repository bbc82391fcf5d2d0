package io.emporium.standalone;

import io.emporium.edge.security.TokenMinter;
import java.time.Duration;
import java.util.List;

/**
 * Bearer tokens for the integration tests, signed with the test profile's secret ({@code application-test.yml}).
 * {@link #STAFF} is the identity {@link Http} uses unless a test asks for another: a caller with both roles, so that
 * a test about orders or projections is not about security.
 */
public final class TestTokens {

    public static final String ISSUER = "emporium-test";
    public static final String AUDIENCE = "emporium";
    public static final String SECRET = "emporium-integration-tests-secret-0123456789";
    public static final TokenMinter MINTER = new TokenMinter(ISSUER, AUDIENCE, SECRET);

    /** Subject of the default identity: a member of staff who may also shop. */
    public static final String STAFF = "test-staff";

    private TestTokens() {
    }

    /** A token of {@code subject} with these roles, valid for an hour. */
    public static String token(String subject, String... roles) {
        return MINTER.mint(subject, List.of(roles), Duration.ofHours(1));
    }
}
