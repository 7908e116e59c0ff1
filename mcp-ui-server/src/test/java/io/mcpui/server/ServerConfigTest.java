package io.mcpui.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void bindingBeyondThisMachineWithoutAnAuthTokenIsRefused() {
        assertThatThrownBy(() -> ServerConfig.builder().host("0.0.0.0").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--auth-token")
                .hasMessageContaining("--insecure");
    }

    @Test
    void bindingBeyondThisMachineWorksWithATokenOrWhenInsecureIsAsked() {
        assertThat(ServerConfig.builder()
                        .host("0.0.0.0")
                        .authToken("a-long-enough-token")
                        .build()
                        .host())
                .isEqualTo("0.0.0.0");
        assertThat(ServerConfig.builder().host("0.0.0.0").insecure(true).build().insecure())
                .isTrue();
    }

    @Test
    void loopbackNeedsNoToken() {
        assertThat(ServerConfig.builder().host("localhost").build().authToken()).isNull();
        assertThat(ServerConfig.builder().host("::1").build().authToken()).isNull();
    }

    @Test
    void publicUrlIsTheServersRootWithoutAPath() {
        assertThat(ServerConfig.builder()
                        .publicUrl(URI.create("https://ui.example.com/"))
                        .build()
                        .publicUrl())
                .isEqualTo(URI.create("https://ui.example.com"));
        assertThat(ServerConfig.builder()
                        .publicUrl(URI.create("http://127.0.0.1:8002"))
                        .build()
                        .publicUrl())
                .isEqualTo(URI.create("http://127.0.0.1:8002"));
        assertThatThrownBy(() -> ServerConfig.builder()
                        .publicUrl(URI.create("https://example.com/ui"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path prefix is not supported");
        assertThatThrownBy(() -> ServerConfig.builder()
                        .publicUrl(URI.create("ftp://example.com"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute http(s) URL");
    }

    @Test
    void shortSecretsAreRefused() {
        assertThatThrownBy(() -> ServerConfig.builder().sessionSecret("short").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> ServerConfig.builder().authToken("short").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 characters");
    }

    @Test
    void clusterNeedsASharedSessionSecretUnlessSessionsAreOpen() {
        assertThatThrownBy(() -> ServerConfig.builder()
                        .redisUrl("redis://localhost:6379")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--session-secret");
        assertThat(ServerConfig.builder()
                        .redisUrl("redis://localhost:6379")
                        .openSessions(true)
                        .build()
                        .redisUrl())
                .isEqualTo("redis://localhost:6379");
        assertThatThrownBy(() -> ServerConfig.builder()
                        .redisUrl("http://nope")
                        .openSessions(true)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://");
    }
}
