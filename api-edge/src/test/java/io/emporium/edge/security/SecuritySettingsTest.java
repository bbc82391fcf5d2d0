package io.emporium.edge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.MetaDataKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** What the edge's security refuses to start with, and what it writes into the commands it sends. */
class SecuritySettingsTest {

    private static final String SECRET = "a-secret-for-these-settings-tests-0123456789";

    private static SecurityProperties hmac(String secret) {
        return new SecurityProperties("issuer", "emporium", secret, null, null, "roles", Duration.ofSeconds(30));
    }

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void withoutAnyKeyTheEdgeDoesNotStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> hmac(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EMPORIUM_SECURITY_JWT_HMAC_SECRET")
                .hasMessageContaining("profile 'local'");
        assertThatThrownBy(() -> hmac("   ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoKeySourcesAtOnceAreRefused() {
        assertThatThrownBy(() -> new SecurityProperties("issuer", "emporium", SECRET, null,
                                                        "https://idp.example/jwks", "roles", Duration.ZERO))
                .hasMessageContaining("exactly one");
    }

    @Test
    void aShortHmacSecretIsRefused() {
        assertThatThrownBy(() -> hmac("too-short")).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void issuerAndAudienceAreRequired() {
        assertThatThrownBy(() -> new SecurityProperties(null, "emporium", SECRET, null, null, "roles", Duration.ZERO))
                .hasMessageContaining("EMPORIUM_SECURITY_JWT_ISSUER");
        assertThatThrownBy(() -> new SecurityProperties("issuer", "", SECRET, null, null, "roles", Duration.ZERO))
                .hasMessageContaining("EMPORIUM_SECURITY_JWT_AUDIENCE");
    }

    @Test
    void theLocalProfilesPublishedSecretIsRefusedOutsideTheLocalProfile() {
        SecurityProperties local = hmac(EdgeSecurity.LOCAL_SECRET_PREFIX + "-secret-do-not-use-elsewhere");
        EdgeSecurity security = new EdgeSecurity();
        assertThatThrownBy(() -> security.edgeJwtDecoder(local, new MockEnvironment(), new DefaultResourceLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("profile 'local' is not active");
        MockEnvironment localProfile = new MockEnvironment();
        localProfile.setActiveProfiles(LocalTokenController.PROFILE);
        assertThatCode(() -> security.edgeJwtDecoder(local, localProfile, new DefaultResourceLoader()))
                .doesNotThrowAnyException();
    }

    @Test
    void aPublicKeyThatCannotBeReadStopsTheStart() {
        SecurityProperties rsa = new SecurityProperties("issuer", "emporium", null, "classpath:no-such-key.pem", null,
                                                        "roles", Duration.ZERO);
        assertThatThrownBy(() -> new EdgeSecurity().edgeJwtDecoder(rsa, new MockEnvironment(),
                                                                     new DefaultResourceLoader()))
                .hasMessageContaining("emporium.security.jwt.public-key");
    }

    @Test
    void commandsSentWhileServingARequestCarryItsCaller() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "HS256").subject("customer-7").claim("roles", List.of("customer"))
                     .build();
        SecurityContextHolder.getContext().setAuthentication(
                new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("ROLE_customer"))));

        CommandMessage<?> sent = new CallerMetaData().handle(GenericCommandMessage.asCommandMessage("a command"));

        assertThat(sent.getMetaData()).containsEntry(MetaDataKeys.CALLER, "customer-7")
                                      .containsEntry(MetaDataKeys.CALLER_ROLES, "customer");
        assertThat(Caller.of(sent.getMetaData())).isEqualTo(new Caller("customer-7", Set.of(Caller.CUSTOMER)));
    }

    @Test
    void commandsSentOutsideARequestKeepTheCallerTheirSenderWrote() {
        CommandMessage<?> saga = GenericCommandMessage.asCommandMessage("a command")
                                                      .andMetaData(Caller.ORDER_FULFILMENT.toMetaData());

        CommandMessage<?> sent = new CallerMetaData().handle(saga);

        assertThat(Caller.of(sent.getMetaData())).isEqualTo(Caller.ORDER_FULFILMENT);
    }

    @Test
    void rolesComeFromAListOrASpaceSeparatedClaimAndUnknownOnesAreIgnored() {
        RoleClaimConverter converter = new RoleClaimConverter("roles");
        Jwt list = Jwt.withTokenValue("t").header("alg", "HS256").subject("s")
                      .claim("roles", List.of("customer", "system", "admin")).build();
        Jwt text = Jwt.withTokenValue("t").header("alg", "HS256").subject("s").claim("roles", "operator customer").build();
        assertThat(converter.convert(list)).extracting(Object::toString).containsExactly("ROLE_customer");
        assertThat(converter.convert(text)).extracting(Object::toString)
                                          .containsExactlyInAnyOrder("ROLE_operator", "ROLE_customer");
    }

    @Test
    void aDottedRolesClaimIsAPathIntoNestedObjectsUnlessATopLevelClaimHasThatName() {
        RoleClaimConverter keycloak = new RoleClaimConverter("realm_access.roles");
        Jwt nested = Jwt.withTokenValue("t").header("alg", "RS256").subject("s")
                        .claim("realm_access", Map.of("roles", List.of("default-roles-emporium", "operator"))).build();
        Jwt flat = Jwt.withTokenValue("t").header("alg", "RS256").subject("s")
                      .claim("realm_access.roles", List.of("customer"))
                      .claim("realm_access", Map.of("roles", List.of("operator"))).build();
        Jwt notAnObject = Jwt.withTokenValue("t").header("alg", "RS256").subject("s")
                             .claim("realm_access", "operator").build();
        Jwt topLevelOnly = Jwt.withTokenValue("t").header("alg", "RS256").subject("s")
                              .claim("roles", List.of("operator")).build();

        assertThat(keycloak.convert(nested)).extracting(Object::toString).containsExactly("ROLE_operator");
        assertThat(keycloak.convert(flat)).extracting(Object::toString).containsExactly("ROLE_customer");
        assertThat(keycloak.convert(notAnObject)).isEmpty();
        assertThat(keycloak.convert(topLevelOnly)).isEmpty();
    }

    @Test
    void aSubjectNoColumnCanHoldIsNotAUsableCaller() {
        assertThat(EdgeSecurity.isUsableSubject("s".repeat(EdgeSecurity.MAX_SUBJECT_LENGTH))).isTrue();
        assertThat(EdgeSecurity.isUsableSubject("s".repeat(EdgeSecurity.MAX_SUBJECT_LENGTH + 1))).isFalse();
        assertThat(EdgeSecurity.isUsableSubject("nul\u0000inside")).isFalse();
        assertThat(EdgeSecurity.isUsableSubject("line\nbreak")).isFalse();
        assertThat(EdgeSecurity.isUsableSubject(" ")).isFalse();
        assertThat(EdgeSecurity.isUsableSubject(null)).isFalse();
        assertThat(EdgeSecurity.isUsableSubject("customer-\u00e9")).isTrue();
    }
}
