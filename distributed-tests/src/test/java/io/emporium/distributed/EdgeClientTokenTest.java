package io.emporium.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The suite's own token carries what edge-service checks, signed with the secret it starts edge-service with. */
class EdgeClientTokenTest {

    @Test
    void theTokenIsAnHs256JwtWithIssuerAudienceLifetimeAndRoles() throws Exception {
        String[] parts = EdgeClient.hs256Token("someone", List.of("operator"), Duration.ofMinutes(5)).split("\\.");
        assertThat(parts).hasSize(3);
        Base64.Decoder base64 = Base64.getUrlDecoder();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(base64.decode(parts[0])).get("alg").asText()).isEqualTo("HS256");
        JsonNode claims = json.readTree(base64.decode(parts[1]));
        assertThat(claims.get("iss").asText()).isEqualTo(EdgeClient.ISSUER);
        assertThat(claims.get("aud").get(0).asText()).isEqualTo(EdgeClient.AUDIENCE);
        assertThat(claims.get("sub").asText()).isEqualTo("someone");
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("operator");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(EdgeClient.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = hmac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(base64.decode(parts[2])).isEqualTo(expected);
    }
}
