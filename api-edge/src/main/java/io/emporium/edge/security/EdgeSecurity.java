package io.emporium.edge.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.edge.problem.ProblemWriter;
import io.emporium.messages.common.Caller;
import io.emporium.messages.common.Text;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what at the edge: every request but health, the API description and the local profile's token
 * endpoint carries a JWT bearer token (issuer, audience, signature, lifetime checked); its roles claim grants
 * {@code customer} or {@code operator}. Stateless: no session, no cookie, so no CSRF token either.
 *
 * <table>
 *   <caption>Access rules</caption>
 *   <tr><th>requests</th><th>who</th></tr>
 *   <tr><td>{@code GET /actuator/health/**}, {@code /v3/api-docs/**}, {@code /swagger-ui/**}</td><td>anyone</td></tr>
 *   <tr><td>{@code POST /local/tokens} (profile {@code local} only)</td><td>anyone</td></tr>
 *   <tr><td>{@code /actuator/**} other than health, {@code /api/admin/**}</td><td>operator</td></tr>
 *   <tr><td colspan="2">the rules of {@code /api/**}, in {@link ApiAccess#RULES}:</td></tr>
 *   <tr><td>{@code POST /api/products}, {@code POST /api/products/{sku}/stock},
 *       {@code POST /api/payments/{id}/refunds}</td><td>operator</td></tr>
 *   <tr><td>{@code POST /api/orders}, {@code POST /api/orders/{id}/cancel}</td><td>customer (its own orders:
 *       checked by the controllers and again by the order aggregate)</td></tr>
 *   <tr><td>{@code GET /api/orders/**}</td><td>customer (its own orders) or operator (any)</td></tr>
 *   <tr><td>{@code GET /api/products/**}</td><td>customer or operator</td></tr>
 *   <tr><td>anything else</td><td>any authenticated caller (so an unknown route is 401 before it is 404)</td></tr>
 * </table>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
@Import(LocalTokenController.class)
public class EdgeSecurity {

    /** The secret of {@code application-local.yml}, known to anyone who reads the repository. */
    static final String LOCAL_SECRET_PREFIX = "emporium-local-profile-only";

    /** The longest token subject the edge accepts (see {@link #isUsableSubject}). */
    static final int MAX_SUBJECT_LENGTH = 255;

    private static final String OPERATOR = Caller.OPERATOR;

    @Bean
    SecurityFilterChain edgeSecurityFilterChain(HttpSecurity http, JwtDecoder decoder, SecurityProperties properties,
                                                ObjectMapper json) throws Exception {
        SecurityProblems problems = new SecurityProblems(json);
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(new RoleClaimConverter(properties.rolesClaim()));
        http.csrf(AbstractHttpConfigurer::disable)
            .httpBasic(AbstractHttpConfigurer::disable)
            .formLogin(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable)
            .requestCache(AbstractHttpConfigurer::disable)
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
            .oauth2ResourceServer(server -> server
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(authentication))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
            .authorizeHttpRequests(requests -> {
                requests
                    // An error page or the rest of a live-updates stream belongs to a request already let in.
                    .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                    .requestMatchers("/error").permitAll()
                    .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                    .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                     "/swagger-ui.html", "/swagger-ui/**").permitAll()
                    .requestMatchers(HttpMethod.POST, LocalTokenController.PATH).permitAll()
                    .requestMatchers("/actuator/**").hasRole(OPERATOR);
                // The API's rules, also published in the API description (x-required-role).
                for (ApiAccess.Rule rule : ApiAccess.RULES) {
                    requests.requestMatchers(rule.method(), rule.patterns().toArray(String[]::new))
                            .hasAnyRole(rule.roles().toArray(String[]::new));
                }
                requests.anyRequest().authenticated();
            });
        return http.build();
    }

    /** Requests the firewall rejects (odd methods, encoded slashes, control characters) answered as problems. */
    @Bean
    RequestRejectedHandler edgeRequestRejected(ObjectMapper json) {
        return new FirewallProblems(new ProblemWriter(json));
    }

    @Bean
    JwtDecoder edgeJwtDecoder(SecurityProperties properties, Environment environment, ResourceLoader resources) {
        NimbusJwtDecoder decoder;
        if (SecurityProperties.isSet(properties.hmacSecret())) {
            if (properties.hmacSecret().startsWith(LOCAL_SECRET_PREFIX)
                    && !environment.acceptsProfiles(Profiles.of(LocalTokenController.PROFILE))) {
                throw new IllegalStateException("emporium.security.jwt.hmac-secret is the local profile's published"
                        + " secret, but the profile 'local' is not active: configure a secret of your own");
            }
            SecretKeySpec key = new SecretKeySpec(properties.hmacSecret().getBytes(StandardCharsets.UTF_8),
                                                  "HmacSHA256");
            decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        } else if (SecurityProperties.isSet(properties.publicKey())) {
            decoder = NimbusJwtDecoder.withPublicKey(readPublicKey(resources.getResource(properties.publicKey())))
                                      .build();
        } else {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
        }
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    /** Adds the request's caller to every command the edge sends (registered on the command gateway by Axon). */
    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> edgeCallerMetaData() {
        return new CallerMetaData();
    }

    static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        JwtTimestampValidator lifetime = new JwtTimestampValidator(properties.clockSkew());
        return new DelegatingOAuth2TokenValidator<>(List.of(
                lifetime,
                new JwtClaimValidator<>(JwtClaimNames.EXP, expiry -> expiry != null),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.contains(properties.audience())),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, EdgeSecurity::isUsableSubject)));
    }

    /**
     * A subject the edge can name its caller by: not blank, at most {@value #MAX_SUBJECT_LENGTH} characters (the
     * width of the columns that keep a caller: read models' customer, idempotency keys) and no control character
     * (PostgreSQL's text cannot hold U+0000), so that it also keeps the text rule of customer ids (decision 0045).
     * Any other subject is refused 401 like a bad token, before it reaches a command, an event or a table.
     */
    static boolean isUsableSubject(String subject) {
        return subject != null && !subject.isBlank() && subject.length() <= MAX_SUBJECT_LENGTH
                && subject.chars().noneMatch(Character::isISOControl) && Text.isStorable(subject);
    }

    private static RSAPublicKey readPublicKey(Resource location) {
        try (InputStream pem = location.getInputStream()) {
            return RsaKeyConverters.x509().convert(pem);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("emporium.security.jwt.public-key could not be read as a PEM RSA public key"
                    + " from " + location.getDescription(), e);
        }
    }
}
