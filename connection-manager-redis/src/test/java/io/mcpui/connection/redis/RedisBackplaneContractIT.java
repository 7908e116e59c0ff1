package io.mcpui.connection.redis;

import io.mcpui.connection.spi.Backplane;
import io.mcpui.connection.testkit.BackplaneContractTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backplane contract on a real Redis: three nodes, one cluster. */
class RedisBackplaneContractIT extends BackplaneContractTest {

    private static RedisProcess redis;
    private final String namespace = "test-" + UUID.randomUUID();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Override
    protected Backplane newNodeBackplane() {
        return RedisBackplane.create(
                redis.url(),
                RedisBackplaneOptions.builder()
                        .namespace(namespace)
                        .liveness(Duration.ofMillis(300), Duration.ofSeconds(2))
                        .build());
    }
}
