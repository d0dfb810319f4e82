package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.FaultScript;
import dev.decisionmatrix.testkit.LatencyModel;
import dev.decisionmatrix.testkit.SimRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The simulator's configuration. The fixed part is final; the knobs a test may turn while the
 * simulator runs are volatile, and each request reads each knob once.
 */
public final class Settings {

  private final @Nullable String apiKey;
  private final Set<String> models;
  private volatile LatencyModel latency;
  private volatile @Nullable Capacity capacity;
  private volatile Duration retryAfter;
  private volatile FaultScript faults;
  private volatile FaultScript faultRate;
  private volatile Function<? super SimRequest, String> judge;
  private volatile @Nullable RateBuckets rateBuckets;

  /** Creates settings. */
  public Settings(
      @Nullable String apiKey,
      Set<String> models,
      LatencyModel latency,
      @Nullable Capacity capacity,
      Duration retryAfter,
      FaultScript faults,
      FaultScript faultRate,
      Function<? super SimRequest, String> judge) {
    this.apiKey = apiKey;
    this.models = Set.copyOf(models);
    this.latency = latency;
    this.capacity = capacity;
    this.retryAfter = retryAfter;
    this.faults = faults;
    this.faultRate = faultRate;
    this.judge = judge;
  }

  /** The required API key, or null when any key (or none) is accepted. */
  public @Nullable String apiKey() {
    return apiKey;
  }

  /** The known models; empty means every model is known. */
  public Set<String> models() {
    return models;
  }

  /** The models the listing endpoints show. */
  public List<String> listedModels() {
    return models.isEmpty() ? List.of("llm-simulator") : models.stream().sorted().toList();
  }

  /** Returns the latency model. */
  public LatencyModel latency() {
    return latency;
  }

  /** Sets the latency model. */
  public void latency(LatencyModel latency) {
    this.latency = latency;
  }

  /** Returns the rate-limit buckets, or null when no rate limit is enforced. */
  public @Nullable RateBuckets rateBuckets() {
    return rateBuckets;
  }

  /** Sets the rate-limit buckets (full ones for a new limit), null for none. */
  public void rateBuckets(@Nullable RateBuckets rateBuckets) {
    this.rateBuckets = rateBuckets;
  }

  /** Returns the capacity limit, or null for none. */
  public @Nullable Capacity capacity() {
    return capacity;
  }

  /** Sets the capacity limit, null for none. */
  public void capacity(@Nullable Capacity capacity) {
    this.capacity = capacity;
  }

  /** Returns the wait advised in 429 answers. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Sets the wait advised in 429 answers. */
  public void retryAfter(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }

  /** Returns the effective fault script: the script first, then the random rate. */
  public FaultScript effectiveFaults() {
    return FaultScripts.orElse(faults, faultRate);
  }

  /** Sets the fault script. */
  public void faults(FaultScript faults) {
    this.faults = faults;
  }

  /** Sets the random fault script. */
  public void faultRate(FaultScript faultRate) {
    this.faultRate = faultRate;
  }

  /** Returns the judge. */
  public Function<? super SimRequest, String> judge() {
    return judge;
  }

  /** Sets the judge. */
  public void judge(Function<? super SimRequest, String> judge) {
    this.judge = judge;
  }

  @Override
  public String toString() {
    return "latency=" + latency
        + ", capacity=" + (capacity == null ? "unlimited" : capacity)
        + ", faults=" + effectiveFaults()
        + ", models=" + (models.isEmpty() ? "any" : listedModels())
        + ", apiKey=" + (apiKey == null ? "not required" : "required");
  }
}
