package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpui.connection.testkit.ManualScheduler;
import io.mcpui.connection.testkit.RecordingConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdTest {

    private final ManualScheduler time = new ManualScheduler();

    private ConnectionManager manager(SessionIdGenerator generator) {
        return ConnectionManager.builder()
                .options(ConnectionManagerOptions.builder().maxSessions(200_000).build())
                .scheduler(time)
                .sessionIdGenerator(generator)
                .build();
    }

    @Test
    void generatedIdsHaveTheSeedFormat() {
        try (ConnectionManager manager = manager(SessionIdGenerator.seedFormat())) {
            for (int i = 0; i < 1000; i++) {
                assertThat(manager.generateSessionId()).matches("[a-z]{3}[0-9]");
            }
        }
    }

    @Test
    void generatedIdsAreUniqueUnderContention() throws Exception {
        try (ConnectionManager manager = manager(SessionIdGenerator.seedFormat())) {
            Set<String> ids = ConcurrentHashMap.newKeySet();
            AtomicInteger duplicates = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5000; i++) {
                        if (!ids.add(manager.generateSessionId())) {
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(duplicates).hasValue(0);
            assertThat(ids).hasSize(40_000);
        }
    }

    @Test
    void idOfALiveSessionIsNotIssued() {
        try (ConnectionManager manager = manager(attempt -> attempt == 0 ? "abc7" : "xyz9")) {
            manager.connect(new RecordingConnection(), "abc7");

            assertThat(manager.generateSessionId()).isEqualTo("xyz9");
        }
    }

    @Test
    void issuedIdIsReservedUntilItsReservationExpires() {
        try (ConnectionManager manager = manager(attempt -> "abc7")) {
            assertThat(manager.generateSessionId()).isEqualTo("abc7");
            assertThatThrownBy(manager::generateSessionId).isInstanceOf(SessionIdsExhaustedException.class);

            time.advance(ConnectionManagerOptions.DEFAULT_SESSION_ID_RESERVATION);

            assertThat(manager.generateSessionId()).isEqualTo("abc7");
        }
    }

    @Test
    void idOfASessionThatJustEndedIsKeptForItsPage() {
        try (ConnectionManager manager = manager(attempt -> "abc7")) {
            RecordingConnection page = new RecordingConnection();
            manager.connect(page, "abc7");
            time.advance(Duration.ofHours(1));
            manager.disconnect(page, CloseCodes.GOING_AWAY);

            assertThatThrownBy(manager::generateSessionId).isInstanceOf(SessionIdsExhaustedException.class);
            time.advance(ConnectionManagerOptions.DEFAULT_SESSION_ID_RESERVATION);
            assertThat(manager.generateSessionId()).isEqualTo("abc7");
        }
    }

    @Test
    void fullSeedSpaceLengthensTheIds() {
        try (ConnectionManager manager = manager(SessionIdGenerator.seedFormat())) {
            connectEverySeedFormatId(manager);

            String id = manager.generateSessionId();

            assertThat(id).matches("[a-z]{4}[0-9]");
        }
    }

    @Test
    void fullSeedSpaceWithoutLengtheningFailsWithAClearError() {
        try (ConnectionManager manager = manager(SessionIdGenerator.seedFormat(0))) {
            connectEverySeedFormatId(manager);

            assertThatThrownBy(manager::generateSessionId)
                    .isInstanceOf(SessionIdsExhaustedException.class)
                    .hasMessageContaining("175760 sessions are live")
                    .hasMessageContaining("lengthen");
        }
    }

    @Test
    void generatorThatNeverGivesUpIsStoppedAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        try (ConnectionManager manager = manager(attempt -> {
            calls.incrementAndGet();
            return "same1";
        })) {
            manager.connect(new RecordingConnection(), "same1");

            assertThatThrownBy(manager::generateSessionId).isInstanceOf(SessionIdsExhaustedException.class);
            assertThat(calls).hasValue(SessionIdGenerator.MAX_ATTEMPTS);
        }
    }

    @Test
    void generatorProposalsThatAreNotValidIdsAreSkipped() {
        try (ConnectionManager manager = manager(attempt -> attempt == 0 ? "bad id!" : "good1")) {
            assertThat(manager.generateSessionId()).isEqualTo("good1");
        }
    }

    @Test
    void seedFormatRefusesAnAbsurdLengthening() {
        assertThatThrownBy(() -> SessionIdGenerator.seedFormat(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionIdGenerator.seedFormat(21)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "../etc/passwd", "<script>", "ünïcödé", "semi;colon", "a/b", "tab\t"})
    void malformedIncomingIdsAreRefusedWithPolicyViolation(String badId) {
        try (ConnectionManager manager = manager(SessionIdGenerator.seedFormat())) {
            RecordingConnection page = new RecordingConnection();

            assertThatThrownBy(() -> manager.connect(page, badId))
                    .isInstanceOf(InvalidSessionIdException.class)
                    .hasMessageContaining("invalid session_id");
            assertThat(page.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(page.closeReason()).startsWith("invalid session_id");
            assertThat(manager.getConnectionCount()).isZero();
        }
    }

    @Test
    void overlongIncomingIdIsRefused() {
        try (ConnectionManager manager = manager(SessionIdGenerator.seedFormat())) {
            RecordingConnection page = new RecordingConnection();

            assertThatThrownBy(() -> manager.connect(page, "a".repeat(10_000)))
                    .isInstanceOf(InvalidSessionIdException.class);
            manager.connect(new RecordingConnection(), "a".repeat(64));
            assertThat(manager.getSessionIds()).hasSize(1);
        }
    }

    /** Connects one in-memory page for each of the 175,760 ids of the seed format. */
    private static void connectEverySeedFormatId(ConnectionManager manager) {
        char[] id = new char[4];
        for (char a = 'a'; a <= 'z'; a++) {
            for (char b = 'a'; b <= 'z'; b++) {
                for (char c = 'a'; c <= 'z'; c++) {
                    for (char d = '0'; d <= '9'; d++) {
                        id[0] = a;
                        id[1] = b;
                        id[2] = c;
                        id[3] = d;
                        manager.connect(new RecordingConnection(), new String(id));
                    }
                }
            }
        }
        assertThat(manager.getSessionIds()).hasSize(175_760);
    }
}
