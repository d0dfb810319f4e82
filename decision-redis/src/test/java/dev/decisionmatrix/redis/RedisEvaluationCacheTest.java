package dev.decisionmatrix.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.report.DecisionJson;
import dev.decisionmatrix.testkit.RedisProcess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The Redis judgment cache against a real Redis: what every cache does, plus what sharing needs. */
class RedisEvaluationCacheTest {

  private static RedisProcess redis;
  private static RedisClient inspector;
  private final String prefix = "cache-" + UUID.randomUUID() + ":";
  private final RedisConnection connection = RedisConnection.open(redis.url(), prefix);
  private final RedisConnection other = RedisConnection.open(redis.url(), prefix);

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.start();
    inspector = RedisClient.create(URI.create(redis.url()));
  }

  @AfterAll
  static void stopRedis() {
    inspector.close();
    redis.close();
  }

  @AfterEach
  void closeConnections() {
    connection.close();
    other.close();
  }

  private static CacheKey key(String option, String criterion) {
    return CacheKey.builder().field("option", option).field("criterion", criterion).field("model", "m").build();
  }

  private static Judgment.Scored scored(double score) {
    return new Judgment.Scored(score, "because " + score, 0.8, 0.5, 3, false);
  }

  private EvaluationCache cache(RedisConnection on) {
    return on.cache(EvaluationCache.inMemory(), Duration.ofHours(2));
  }

  private static long calls(String command) {
    for (String line : inspector.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":")) {
        return Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
      }
    }
    return 0;
  }

  @Test
  void aJudgmentStoredByOneInstanceIsFoundByAnotherWithItsFieldsIntact() {
    Judgment.Scored judgment = scored(7.5);
    Judgment.Abstained abstained = new Judgment.Abstained("no public data");
    cache(connection).put(key("A", "Speed"), judgment);
    cache(connection).put(key("B", "Speed"), abstained);

    EvaluationCache second = cache(other);

    assertThat(second.get(key("A", "Speed"))).isEqualTo(judgment);
    assertThat(second.get(key("B", "Speed"))).isEqualTo(abstained);
    assertThat(second.get(key("C", "Speed"))).isNull();
  }

  @Test
  void getAllAnswersAWholeMatrixInOneRoundTripAndItsMissesCostNoFurtherLookup() {
    EvaluationCache first = cache(connection);
    first.put(key("A", "Speed"), scored(1));
    first.put(key("B", "Speed"), scored(2));
    EvaluationCache second = cache(other);
    long mgetsBefore = calls("mget");
    long getsBefore = calls("get");

    Map<CacheKey, Judgment> found = second.getAll(List.of(key("A", "Speed"), key("B", "Speed"), key("C", "Speed")));
    Judgment followUp = second.get(key("C", "Speed"));

    assertThat(found).containsOnlyKeys(key("A", "Speed"), key("B", "Speed"));
    assertThat(found.get(key("B", "Speed"))).isEqualTo(scored(2));
    assertThat(followUp).isNull();
    assertThat(calls("mget") - mgetsBefore).isEqualTo(1);
    assertThat(calls("get") - getsBefore).isZero();
  }

  @Test
  void judgmentsFoundInRedisCountAsHits() {
    cache(connection).put(key("A", "Speed"), scored(1));
    EvaluationCache second = cache(other);

    second.getAll(List.of(key("A", "Speed"), key("B", "Speed")));

    assertThat(second.stats().hits()).isEqualTo(1);
    assertThat(second.stats().misses()).isEqualTo(1);
  }

  @Test
  void aJudgmentIsStoredUnderItsContentAddressWithTheTimeToLive() {
    CacheKey key = key("A", "Speed");
    connection.cache(EvaluationCache.inMemory(), Duration.ofMinutes(10)).put(key, scored(4));

    String redisKey = prefix + "judgment:" + key.hex();
    long ttl = inspector.pttl(redisKey);

    assertThat(inspector.get(redisKey)).contains("\"score\"");
    assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(key).isEqualTo(key("A", "Speed"));
    assertThat(inspector.keys(prefix + "*")).containsExactly(redisKey);
  }

  @Test
  void failuresAreNeverCachedLocallyOrInRedis() {
    EvaluationCache first = cache(connection);
    first.put(key("A", "Speed"), new Judgment.Failed(LlmErrorKind.TIMEOUT, "timed out after 30 s", 3));

    assertThat(first.get(key("A", "Speed"))).isNull();
    assertThat(cache(other).get(key("A", "Speed"))).isNull();
    assertThat(inspector.keys(prefix + "*")).isEmpty();
  }

  @Test
  void aFailureOrGarbageFoundInRedisIsTreatedAsAMiss() throws Exception {
    CacheKey key = key("A", "Speed");
    Judgment failed = new Judgment.Failed(LlmErrorKind.TIMEOUT, "timed out", 1);
    inspector.set(prefix + "judgment:" + key.hex(), new ObjectMapper().writeValueAsString(DecisionJson.judgmentToMap(failed)));
    inspector.set(prefix + "judgment:" + key("B", "Speed").hex(), "not json");

    EvaluationCache second = cache(other);

    assertThat(second.get(key)).isNull();
    assertThat(second.getAll(List.of(key, key("B", "Speed")))).isEmpty();
  }

  @Test
  void invalidateAllDropsThisPrefixsJudgmentsOnly() {
    RedisConnection neighbour = RedisConnection.open(redis.url(), prefix + "neighbour:");
    try {
      cache(neighbour).put(key("A", "Speed"), scored(1));
      EvaluationCache first = cache(connection);
      first.put(key("A", "Speed"), scored(2));

      first.invalidateAll();

      assertThat(first.get(key("A", "Speed"))).isNull();
      assertThat(cache(neighbour).get(key("A", "Speed"))).isEqualTo(scored(1));
    } finally {
      neighbour.close();
    }
  }
}
