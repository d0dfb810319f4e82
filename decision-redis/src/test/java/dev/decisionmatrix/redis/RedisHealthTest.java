package dev.decisionmatrix.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outage bookkeeping of the Redis cache, on an injected clock. */
class RedisHealthTest {

  private static final String LOGGER = "dev.decisionmatrix.redis.RedisHealthTest.health";

  private final AtomicLong now = new AtomicLong();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger julLogger = Logger.getLogger(LOGGER);
  private final Handler recorder = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private RedisHealth health;

  @BeforeEach
  void setUp() {
    julLogger.addHandler(recorder);
    health = new RedisHealth(System.getLogger(LOGGER), "the judgment cache", Duration.ofMillis(500), now::get);
  }

  @AfterEach
  void tearDown() {
    julLogger.removeHandler(recorder);
  }

  @Test
  void aRoundTripThatBeganBeforeTheOutageDoesNotEndIt() {
    long before = health.ticket();
    assertThat(health.failed(new RuntimeException("connection refused"))).isTrue();

    assertThat(health.succeeded(before)).as("an answer to a request sent before the failure").isFalse();
    assertThat(health.isDown()).isTrue();
    assertThat(health.failed(new RuntimeException("connection refused"))).as("the outage goes on, no second warning").isFalse();
    assertThat(records).hasSize(1);

    long after = health.ticket();
    assertThat(health.succeeded(after)).as("an answer to a request sent during the outage").isTrue();
    assertThat(health.isDown()).isFalse();
    assertThat(records).hasSize(2);
    assertThat(records.get(1).getMessage()).contains("answers again");
  }

  @Test
  void duringAnOutageRedisIsTriedAgainOnlyOnceTheRetryIntervalHasPassed() {
    health.failed(new RuntimeException("timeout"));
    now.addAndGet(Duration.ofMillis(499).toNanos());
    assertThat(health.shouldTry()).isFalse();
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(health.shouldTry()).isTrue();
  }
}
