package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.SessionTokens.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static SessionTokens at(Instant now) {
        return new SessionTokens(SECRET, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void tokenIsValidForItsIdOnly() {
        String token = at(NOW).issue("abc7");

        assertThat(at(NOW).check("abc7", token)).isEqualTo(Verdict.VALID);
        assertThat(at(NOW).check("abc8", token)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void tokenExpiresAfterItsLifetime() {
        String token = at(NOW).issue("abc7");

        assertThat(at(NOW.plusSeconds(3599)).check("abc7", token)).isEqualTo(Verdict.VALID);
        assertThat(at(NOW.plusSeconds(3600)).check("abc7", token)).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void forgedOrMangledTokensAreInvalid() {
        String token = at(NOW).issue("abc7");
        char last = token.charAt(token.length() - 1);
        String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        SessionTokens otherSecret = new SessionTokens(
                "another-secret-another-secret-xx".getBytes(), Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(at(NOW).check("abc7", flipped)).isEqualTo(Verdict.INVALID);
        assertThat(at(NOW).check("abc7", "")).isEqualTo(Verdict.INVALID);
        assertThat(at(NOW).check("abc7", "not base64 !!")).isEqualTo(Verdict.INVALID);
        assertThat(at(NOW).check("abc7", "x".repeat(10_000))).isEqualTo(Verdict.INVALID);
        assertThat(at(NOW).check("abc7", otherSecret.issue("abc7"))).isEqualTo(Verdict.INVALID);
    }

    @Test
    void shortSecretIsRefused() {
        assertThatThrownBy(() -> SessionTokens.withSecret("too short", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void randomSecretTokensWork() {
        SessionTokens tokens = SessionTokens.withRandomSecret(SessionTokens.DEFAULT_LIFETIME);

        assertThat(tokens.check("abc7", tokens.issue("abc7"))).isEqualTo(Verdict.VALID);
    }

    @Test
    void aViewTokenOpensItsSessionAndSaysItIsAView() {
        SessionTokens tokens = SessionTokens.withRandomSecret(Duration.ofHours(1));
        String view = tokens.issueForView("abc7");
        String page = tokens.issue("abc7");

        assertThat(tokens.check("abc7", view)).isEqualTo(SessionTokens.Verdict.VALID);
        assertThat(tokens.isViewToken("abc7", view)).isTrue();
        assertThat(tokens.isViewToken("abc7", page)).isFalse();
        assertThat(tokens.isViewToken("xyz1", view)).isFalse();
        assertThat(tokens.check("xyz1", view)).isEqualTo(SessionTokens.Verdict.INVALID);
    }
}
