package io.emporium.edge.security;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /local/tokens}: mints a bearer token for a laptop run, signed with the {@code local} profile's
 * secret. It exists only in the {@code local} profile: in any other the route is not there at all (401 to an
 * anonymous caller, as every unknown route).
 */
@RestController
@Profile(LocalTokenController.PROFILE)
public class LocalTokenController {

    /** The profile for runs on a developer's machine: a known secret, this endpoint, readable logs. */
    public static final String PROFILE = "local";
    public static final String PATH = "/local/tokens";

    private final TokenMinter minter;

    public LocalTokenController(SecurityProperties properties) {
        this.minter = TokenMinter.of(properties);
    }

    /**
     * @param subject         who the token names: the customer id for a customer
     * @param roles           {@code customer}, {@code operator} or both
     * @param lifetimeMinutes how long the token is valid, 60 when not given
     */
    public record TokenRequest(@NotBlank @Size(max = 100) String subject,
                               @NotEmpty List<@Pattern(regexp = "customer|operator",
                                       message = "must be customer or operator") String> roles,
                               @Min(1) @Max(1440) Integer lifetimeMinutes) {
    }

    public record TokenResponse(String accessToken, String tokenType, Instant expiresAt) {
    }

    @Operation(summary = "Mint a local token",
               description = "Profile 'local' only: a bearer token signed with the published local secret.")
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public TokenResponse mint(@Valid @RequestBody TokenRequest request) {
        Duration lifetime = Duration.ofMinutes(request.lifetimeMinutes() == null ? 60 : request.lifetimeMinutes());
        Instant now = Instant.now();
        Instant expiresAt = now.plus(lifetime);
        String token = minter.mint(request.subject(), request.roles().stream().distinct().toList(), now, expiresAt);
        return new TokenResponse(token, "Bearer", expiresAt);
    }
}
