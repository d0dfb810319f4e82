package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.Fault;
import dev.decisionmatrix.testkit.FaultScript;
import dev.decisionmatrix.testkit.SimRequest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The stock fault scripts. */
public final class FaultScripts {

  /** Transient faults a robust client retries. */
  public static final List<Fault> TRANSIENT =
      List.of(Fault.status(429), Fault.status(500), Fault.status(502), Fault.status(503));

  private static final FaultScript NONE = new Always(Fault.none());

  private FaultScripts() {}

  /** See {@link FaultScript#none()}. */
  public static FaultScript none() {
    return NONE;
  }

  /** See {@link FaultScript#always(Fault)}. */
  public static FaultScript always(Fault fault) {
    return new Always(fault);
  }

  /** See {@link FaultScript#sequence(Fault...)}. */
  public static FaultScript sequence(List<Fault> faults) {
    return new Sequence(new ConcurrentLinkedQueue<>(faults));
  }

  /** See {@link FaultScript#rate(double, long, Fault...)}; an empty mix means {@link #TRANSIENT}. */
  public static FaultScript rate(double rate, long seed, List<Fault> mix) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("fault rate must be between 0 and 1, got " + rate);
    }
    List<Fault> faults = mix.isEmpty() ? TRANSIENT : List.copyOf(mix);
    return rate == 0 ? NONE : new Rate(rate, seed, faults);
  }

  /** See {@link FaultScript#orElse(FaultScript)}. */
  public static FaultScript orElse(FaultScript first, FaultScript second) {
    if (first == NONE) {
      return second;
    }
    if (second == NONE) {
      return first;
    }
    return new OrElse(first, second);
  }

  /** Applies a script, mapping null to none. */
  public static Fault apply(FaultScript script, SimRequest request) {
    Fault f = script.faultFor(request);
    return f == null ? Fault.none() : f;
  }

  record Always(Fault fault) implements FaultScript {
    @Override
    public Fault faultFor(SimRequest request) {
      return fault;
    }

    @Override
    public String toString() {
      return fault.isNone() ? "none" : "always(" + fault + ")";
    }
  }

  record Sequence(ConcurrentLinkedQueue<Fault> remaining) implements FaultScript {
    @Override
    public Fault faultFor(SimRequest request) {
      Fault next = remaining.poll();
      return next == null ? Fault.none() : next;
    }

    @Override
    public String toString() {
      return "sequence(" + remaining + ")";
    }
  }

  record Rate(double rate, long seed, List<Fault> mix) implements FaultScript {
    @Override
    public Fault faultFor(SimRequest request) {
      Random random = new Random(Hashing.seedFor(seed, request.sequence()));
      if (random.nextDouble() >= rate) {
        return Fault.none();
      }
      return mix.get(random.nextInt(mix.size()));
    }

    @Override
    public String toString() {
      return "rate(" + rate + ", seed=" + seed + ", mix=" + mix + ")";
    }
  }

  record OrElse(FaultScript first, FaultScript second) implements FaultScript {
    @Override
    public Fault faultFor(SimRequest request) {
      Fault f = apply(first, request);
      return f.isNone() ? apply(second, request) : f;
    }

    @Override
    public String toString() {
      return first + " orElse " + second;
    }
  }
}
