package dev.decisionmatrix.cache;

import dev.decisionmatrix.store.contract.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentCacheTest {

  private static final Duration TTL = Duration.ofDays(7);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final List<PersistentEvaluationCache> opened = new ArrayList<>();

  @AfterEach
  void closeEveryCache() {
    opened.forEach(PersistentEvaluationCache::close);
  }

  private PersistentEvaluationCache open() {
    return open(dir, 1_000);
  }

  private PersistentEvaluationCache open(Path directory, long maxEntries) {
    PersistentEvaluationCache cache = new PersistentCaffeineCache(directory, maxEntries, TTL, clock);
    opened.add(cache);
    return cache;
  }

  private static CacheKey key(Object n) {
    return CacheKey.builder().field("cell", n).build();
  }

  @Test
  void judgmentsStoredBeforeCloseAreHitsAfterReopening() {
    Judgment scored = new Judgment.Scored(7.5, "solid track record", 0.8, 1.5, 3, false);
    Judgment unsure = Judgment.Scored.of(4, "", Double.NaN);
    Judgment abstained = new Judgment.Abstained("the criterion does not apply");
    try (PersistentEvaluationCache cache = open()) {
      assertThat(cache.isPersistent()).isTrue();
      cache.put(key(1), scored);
      cache.put(key(2), unsure);
      cache.put(key(3), abstained);
    }

    PersistentEvaluationCache reopened = open();
    assertThat(reopened.isPersistent()).isTrue();
    assertThat(reopened.get(key(1))).isEqualTo(scored);
    assertThat(reopened.get(key(2))).isEqualTo(unsure);
    assertThat(reopened.get(key(3))).isEqualTo(abstained);
    assertThat(reopened.get(key(4))).isNull();
    assertThat(reopened.stats().size()).isEqualTo(3);
  }

  @Test
  void failuresAreNeverStoredNorWritten() {
    try (PersistentEvaluationCache cache = open()) {
      cache.put(key(1), new Judgment.Failed(LlmErrorKind.TRANSIENT, "boom", 3));
      assertThat(cache.get(key(1))).isNull();
      cache.flush();
      assertThat(cache.stats().size()).isZero();
    }
    assertThat(open().get(key(1))).isNull();
  }

  @Test
  void aReplacedJudgmentComesBackAsTheNewerOne() {
    try (PersistentEvaluationCache cache = open()) {
      cache.put(key(1), Judgment.Scored.of(3, "first", 0.5));
      cache.put(key(1), Judgment.Scored.of(9, "second", 0.5));
    }
    assertThat(open().get(key(1))).isEqualTo(Judgment.Scored.of(9, "second", 0.5));
  }

  @Test
  void timeToLiveCountsFromWhenTheJudgmentWasStoredAcrossRestarts() {
    try (PersistentEvaluationCache cache = open()) {
      cache.put(key(1), Judgment.Scored.of(6, "r", 0.5));
      clock.advance(TTL.minusMillis(1));
      assertThat(cache.get(key(1))).isNotNull();
    }

    PersistentEvaluationCache reopened = open();
    assertThat(reopened.get(key(1))).as("one millisecond before expiry, after a restart").isNotNull();
    clock.advance(Duration.ofMillis(1));
    assertThat(reopened.get(key(1))).as("at expiry").isNull();
    reopened.close();

    assertThat(open().get(key(1))).as("expired entries are not read back").isNull();
  }

  @Test
  void reopeningWithASmallerLimitKeepsTheNewestJudgments() {
    try (PersistentEvaluationCache cache = open(dir, 100)) {
      for (int i = 0; i < 5; i++) {
        cache.put(key(i), Judgment.Scored.of(1 + i, "r" + i, 0.5));
        clock.advance(Duration.ofSeconds(1));
      }
    }
    PersistentEvaluationCache small = open(dir, 2);
    assertThat(small.stats().size()).isEqualTo(2);
    assertThat(small.get(key(3))).isNotNull();
    assertThat(small.get(key(4))).isNotNull();
    assertThat(small.get(key(0))).isNull();
  }

  @Test
  void invalidateAllEmptiesTheFileToo() {
    try (PersistentEvaluationCache cache = open()) {
      cache.put(key(1), Judgment.Scored.of(5, "r", 0.5));
      cache.invalidateAll();
      cache.put(key(2), Judgment.Scored.of(6, "r", 0.5));
    }
    PersistentEvaluationCache reopened = open();
    assertThat(reopened.get(key(1))).isNull();
    assertThat(reopened.get(key(2))).isNotNull();
  }

  @Test
  void textThatUtf8CannotHoldSurvivesARestart() {
    String reasoning = "lone surrogate \ud800 and emoji \ud83d\ude00, quotes \" and \\ backslash, line\nbreak";
    try (PersistentEvaluationCache cache = open()) {
      cache.put(key(1), Judgment.Scored.of(5, reasoning, 0.5));
    }
    assertThat(((Judgment.Scored) open().get(key(1))).reasoning()).isEqualTo(reasoning);
  }

  @Test
  void anUnreadableFileIsMovedAsideAndTheCacheStartsEmpty() throws IOException {
    Path file = dir.resolve(CacheFile.FILE_NAME);
    byte[] garbage = new byte[20_000];
    new java.util.Random(7).nextBytes(garbage);
    Files.write(file, garbage);

    try (PersistentEvaluationCache cache = open()) {
      assertThat(cache.isPersistent()).isTrue();
      assertThat(cache.stats().size()).isZero();
      cache.put(key(1), Judgment.Scored.of(5, "after the corruption", 0.5));
    }

    assertThat(dir.resolve(CacheFile.FILE_NAME + CacheFile.CORRUPT_SUFFIX)).hasBinaryContent(garbage);
    assertThat(open().get(key(1))).isNotNull();
  }

  @Test
  void aFileDamagedInTheMiddleOpensAndNeverServesAJudgmentThatWasNotStored() throws IOException {
    List<Judgment> stored = new ArrayList<>();
    try (PersistentEvaluationCache cache = open()) {
      for (int i = 0; i < 300; i++) {
        Judgment j = Judgment.Scored.of(1 + i % 10, "reasoning number " + i + " " + "x".repeat(i % 50), 0.5);
        stored.add(j);
        cache.put(key(i), j);
        if (i % 50 == 49) {
          cache.flush();
        }
      }
    }
    Path file = dir.resolve(CacheFile.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    byte[] noise = new byte[bytes.length / 3];
    new java.util.Random(11).nextBytes(noise);
    System.arraycopy(noise, 0, bytes, bytes.length / 3, noise.length);
    Files.write(file, bytes);

    // MVStore rolls back to the newest chunk that reads well (or the file is set aside): some
    // judgments are lost, none is made up.
    try (PersistentEvaluationCache reopened = open()) {
      assertThat(reopened.isPersistent()).isTrue();
      for (int i = 0; i < 300; i++) {
        Judgment j = reopened.get(key(i));
        if (j != null) {
          assertThat(j).isEqualTo(stored.get(i));
        }
      }
      reopened.put(key("after"), Judgment.Scored.of(5, "after the damage", 0.5));
    }
    assertThat(open().get(key("after"))).isNotNull();
  }

  @Test
  void aFileTooShortForAHeaderIsMovedAsideToo() throws IOException {
    Files.write(dir.resolve(CacheFile.FILE_NAME), new byte[] {1, 2, 3});
    PersistentEvaluationCache cache = open();
    assertThat(cache.isPersistent()).isTrue();
    assertThat(dir.resolve(CacheFile.FILE_NAME + CacheFile.CORRUPT_SUFFIX)).exists();
  }

  @Test
  void unreadableEntriesAreDroppedAndTheOthersKept() {
    try (PersistentEvaluationCache cache = open()) {
      cache.put(key(1), Judgment.Scored.of(5, "good", 0.5));
    }
    try (MVStore store = new MVStore.Builder().fileName(dir.resolve(CacheFile.FILE_NAME).toString()).open()) {
      MVMap<Long, String> judgments = store.openMap("judgments", new MVMap.Builder<Long, String>().keyType(LongDataType.INSTANCE).valueType(StringDataType.INSTANCE));
      judgments.put(1_000L, "{not json");
      judgments.put(1_001L, "{\"key\": \"" + key(2).hex() + "\", \"storedAt\": \"2025-03-01T10:00:00Z\", \"state\": \"scored\", \"score\": 11}");
      judgments.put(1_002L, "{\"key\": \"" + key(3).hex() + "\", \"storedAt\": \"2025-03-01T10:00:00Z\", \"state\": \"failed\"}");
    }

    PersistentEvaluationCache reopened = open();
    assertThat(reopened.get(key(1))).isEqualTo(Judgment.Scored.of(5, "good", 0.5));
    assertThat(reopened.get(key(2))).isNull();
    assertThat(reopened.get(key(3))).isNull();
    assertThat(reopened.stats().size()).isEqualTo(1);
  }

  @Test
  void aSecondOpenerOfTheSameDirectoryWorksInMemoryWithoutFailing() {
    PersistentEvaluationCache first = open();
    first.put(key(1), Judgment.Scored.of(5, "first", 0.5));

    PersistentEvaluationCache second = open();
    assertThat(second.isPersistent()).isFalse();
    second.put(key(2), Judgment.Scored.of(6, "second", 0.5));
    assertThat(second.get(key(2))).isNotNull();
    second.close();

    assertThat(first.isPersistent()).as("the second one's close leaves the first one's file alone").isTrue();
    first.put(key(3), Judgment.Scored.of(7, "third", 0.5));
    first.close();
    PersistentEvaluationCache third = open();
    assertThat(third.get(key(1))).isNotNull();
    assertThat(third.get(key(2))).as("the in-memory second cache wrote nothing").isNull();
    assertThat(third.get(key(3))).isNotNull();
  }

  @Test
  void aDirectoryThatCannotBeCreatedLeavesTheCacheInMemory() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    PersistentEvaluationCache cache = open(notADirectory.resolve("cache"), 10);
    assertThat(cache.isPersistent()).isFalse();
    cache.put(key(1), Judgment.Scored.of(5, "r", 0.5));
    assertThat(cache.get(key(1))).isNotNull();
    assertThat(cache.bytesWritten()).isZero();
  }

  @Test
  void anInterruptedCallerNeitherBreaksTheFileNorLosesItsInterrupt() {
    PersistentEvaluationCache cache = open();
    Thread.currentThread().interrupt();
    cache.put(key(1), Judgment.Scored.of(5, "r", 0.5));
    cache.flush();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    cache.close();
    assertThat(Thread.interrupted()).isTrue();
    Thread.currentThread().interrupt();
    PersistentEvaluationCache reopened = open();
    assertThat(Thread.interrupted()).isTrue();
    assertThat(reopened.isPersistent()).isTrue();
    assertThat(reopened.get(key(1))).isNotNull();
  }

  @Test
  void flushedJudgmentsHaveBeenWrittenAndCounted() {
    PersistentEvaluationCache cache = open();
    cache.put(key(1), Judgment.Scored.of(5, "r".repeat(200), 0.5));
    cache.flush();
    assertThat(cache.bytesWritten()).isPositive();
  }

  @Test
  void aClosedCacheStillAnswersFromMemoryButWritesNothing() {
    PersistentEvaluationCache cache = open();
    cache.put(key(1), Judgment.Scored.of(5, "r", 0.5));
    cache.close();
    assertThat(cache.isPersistent()).isFalse();
    cache.put(key(2), Judgment.Scored.of(6, "r", 0.5));
    cache.flush();
    cache.close();
    assertThat(cache.get(key(2))).isNotNull();
    PersistentEvaluationCache reopened = open();
    assertThat(reopened.get(key(1))).isNotNull();
    assertThat(reopened.get(key(2))).isNull();
  }

  @Test
  void rejectsNonsensicalSizes() {
    assertThatThrownBy(() -> EvaluationCache.persistent(dir, 0, TTL)).hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> EvaluationCache.persistent(dir, 1, Duration.ZERO)).hasMessageContaining("timeToLive");
  }

  @Test
  void anEngineRestartedOnTheSameDirectoryAsksTheBackendNothingAgain() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend = request -> {
      calls.incrementAndGet();
      return new ChatResponse("{\"score\": 7, \"reasoning\": \"fine\", \"confidence\": 0.9}", new TokenUsage(10, 5), "m");
    };
    Decision decision = Decision.of("Which queue?", List.of(Option.of("Kafka"), Option.of("RabbitMQ")), List.of(Criterion.of("Latency"), Criterion.of("Ops")));
    try (PersistentEvaluationCache cache = EvaluationCache.persistent(dir);
        DecisionEngine engine = DecisionEngine.builder(backend).cache(cache).build()) {
      assertThat(engine.evaluate(decision).counts().scored()).isEqualTo(4);
    }
    assertThat(calls).hasValue(4);

    try (PersistentEvaluationCache cache = EvaluationCache.persistent(dir);
        DecisionEngine engine = DecisionEngine.builder(backend).cache(cache).build()) {
      Evaluation again = engine.evaluate(decision);
      assertThat(again.counts().scored()).isEqualTo(4);
      assertThat(again.stats().cacheHits()).isEqualTo(4);
    }
    assertThat(calls).hasValue(4);
  }
}
