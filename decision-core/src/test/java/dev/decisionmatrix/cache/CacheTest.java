package dev.decisionmatrix.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheTest {

  @Test
  void keysAreStableAndDifferWhenAnyFieldDiffers() {
    CacheKey a = CacheKey.builder().field("option", "AWS").field("criterion", "Cost").build();
    CacheKey same = CacheKey.builder().field("option", "AWS").field("criterion", "Cost").build();
    CacheKey other = CacheKey.builder().field("option", "AWS").field("criterion", "Costs").build();
    assertThat(a).isEqualTo(same);
    assertThat(a).isNotEqualTo(other);
    assertThat(a.hex()).hasSize(64);
  }

  @Test
  void keysCannotBeForgedByShiftingTextBetweenFields() {
    CacheKey a = CacheKey.builder().field("option", "ab").field("criterion", "c").build();
    CacheKey b = CacheKey.builder().field("option", "a").field("criterion", "bc").build();
    CacheKey nullValue = CacheKey.builder().field("model", null).build();
    CacheKey text = CacheKey.builder().field("model", "-").build();
    assertThat(a).isNotEqualTo(b);
    assertThat(nullValue).isNotEqualTo(text);
  }

  @Test
  void inMemoryCacheStoresJudgmentsAndCountsHitsAndMisses() {
    EvaluationCache cache = EvaluationCache.inMemory(10, Duration.ofMinutes(1));
    CacheKey key = CacheKey.builder().field("k", 1).build();
    assertThat(cache.get(key)).isNull();
    cache.put(key, Judgment.Scored.of(5, "r", 0.5));
    assertThat(cache.get(key)).isEqualTo(Judgment.Scored.of(5, "r", 0.5));
    assertThat(cache.stats().hits()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(1);
    assertThat(cache.stats().hitRatio()).isEqualTo(0.5);
  }

  @Test
  void failuresAreNeverStored() {
    EvaluationCache cache = EvaluationCache.inMemory();
    CacheKey key = CacheKey.builder().field("k", 1).build();
    cache.put(key, new Judgment.Failed(LlmErrorKind.TRANSIENT, "boom", 1));
    assertThat(cache.get(key)).isNull();
  }

  @Test
  void noneStoresNothing() {
    EvaluationCache cache = EvaluationCache.none();
    CacheKey key = CacheKey.builder().field("k", 1).build();
    cache.put(key, Judgment.Scored.of(5, "r", 0.5));
    assertThat(cache.get(key)).isNull();
  }

  @Test
  void rejectsNonsensicalSizes() {
    assertThatThrownBy(() -> EvaluationCache.inMemory(0, Duration.ofMinutes(1))).hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> EvaluationCache.inMemory(1, Duration.ZERO)).hasMessageContaining("timeToLive");
  }
}
