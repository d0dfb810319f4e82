package dev.decisionmatrix.engine;

import dev.decisionmatrix.cost.Cost;
import dev.decisionmatrix.cost.ModelUsage;
import dev.decisionmatrix.cost.Price;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.llm.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** Calls and tokens per provider and model, in the order first seen; priced on demand. Thread-safe. */
final class UsageLedger {

  /** The name of a model the backend chose itself. */
  static final String DEFAULT_MODEL = "(default)";

  private record Key(String provider, String model) {}

  private static final class Line {
    long calls;
    TokenUsage usage = TokenUsage.ZERO;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Key, Line> lines = new LinkedHashMap<>();

  void add(String provider, String model, long calls, TokenUsage usage) {
    lock.lock();
    try {
      Line line = lines.computeIfAbsent(new Key(provider, model), k -> new Line());
      line.calls += calls;
      line.usage = line.usage.plus(usage);
    } finally {
      lock.unlock();
    }
  }

  List<ModelUsage> usages(PriceTable prices) {
    lock.lock();
    try {
      List<ModelUsage> out = new ArrayList<>(lines.size());
      lines.forEach((k, line) -> out.add(new ModelUsage(k.provider, k.model, line.calls, line.usage, cost(prices, k.provider, k.model, line.usage))));
      return out;
    } finally {
      lock.unlock();
    }
  }

  static Cost total(List<ModelUsage> usages) {
    Cost sum = Cost.ZERO;
    for (ModelUsage u : usages) {
      sum = sum.plus(u.cost());
    }
    return sum;
  }

  static Cost cost(PriceTable prices, String provider, String model, TokenUsage usage) {
    if (usage.total() == 0) {
      return Cost.ZERO;
    }
    Optional<Price> price = prices.priceOf(provider, DEFAULT_MODEL.equals(model) ? null : model);
    return price.map(p -> Cost.of(p.cost(usage))).orElseGet(() -> Cost.unpriced(provider + "/" + model));
  }

  static String modelOf(JudgeTarget target) {
    return target.model() == null ? DEFAULT_MODEL : target.model();
  }
}
