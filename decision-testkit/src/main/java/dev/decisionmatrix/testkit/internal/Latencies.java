package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.LatencyModel;
import dev.decisionmatrix.testkit.SimRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/** The stock latency models, with readable {@code toString}s for printouts. */
public final class Latencies {

  /** No delay. */
  public static final LatencyModel NONE = new Fixed(Duration.ZERO);

  private Latencies() {}

  /** See {@link LatencyModel#fixed(Duration)}. */
  public static LatencyModel fixed(Duration delay) {
    return new Fixed(nonNegative(delay, "delay"));
  }

  /** See {@link LatencyModel#uniform(Duration, Duration, long)}. */
  public static LatencyModel uniform(Duration min, Duration max, long seed) {
    nonNegative(min, "min");
    Objects.requireNonNull(max, "max");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max must not be below min " + min + ", got " + max);
    }
    return new Uniform(min, max, seed);
  }

  /** See {@link LatencyModel#logNormal(Duration, double, long)}. */
  public static LatencyModel logNormal(Duration median, double sigma, long seed) {
    nonNegative(median, "median");
    if (!(sigma >= 0 && sigma <= 3)) {
      throw new IllegalArgumentException("sigma must be between 0 and 3, got " + sigma);
    }
    return new LogNormal(median, sigma, seed);
  }

  /** See {@link LatencyModel#perCell(Duration, Duration)}. */
  public static LatencyModel perCell(Duration first, Duration eachFurther) {
    return new PerCell(nonNegative(first, "first"), nonNegative(eachFurther, "eachFurther"));
  }

  record PerCell(Duration first, Duration eachFurther) implements LatencyModel {
    @Override
    public Duration delayFor(SimRequest request) {
      return first.plus(eachFurther.multipliedBy(request.cellCount() - 1L));
    }

    @Override
    public String toString() {
      return "perCell(" + first.toMillis() + " ms + " + eachFurther.toMillis() + " ms per further cell)";
    }
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }

  private static Random random(long seed, SimRequest request) {
    return new Random(Hashing.seedFor(seed, request.sequence()));
  }

  record Fixed(Duration delay) implements LatencyModel {
    @Override
    public Duration delayFor(SimRequest request) {
      return delay;
    }

    @Override
    public String toString() {
      return delay.isZero() ? "none" : "fixed(" + delay.toMillis() + "ms)";
    }
  }

  record Uniform(Duration min, Duration max, long seed) implements LatencyModel {
    @Override
    public Duration delayFor(SimRequest request) {
      long lo = min.toNanos();
      long hi = max.toNanos();
      return lo == hi ? min : Duration.ofNanos(random(seed, request).nextLong(lo, hi + 1));
    }

    @Override
    public String toString() {
      return "uniform(" + min.toMillis() + "ms.." + max.toMillis() + "ms, seed=" + seed + ")";
    }
  }

  record LogNormal(Duration median, double sigma, long seed) implements LatencyModel {
    @Override
    public Duration delayFor(SimRequest request) {
      double z = Math.max(-6, Math.min(6, random(seed, request).nextGaussian()));
      return Duration.ofNanos(Math.round(median.toNanos() * Math.exp(sigma * z)));
    }

    @Override
    public String toString() {
      return "logNormal(median=" + median.toMillis() + "ms, sigma=" + sigma + ", seed=" + seed + ")";
    }
  }
}
