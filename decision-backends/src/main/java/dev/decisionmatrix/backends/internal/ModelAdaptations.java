package dev.decisionmatrix.backends.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a backend learned about each model's server at run time, e.g. that it rejects a JSON
 * schema. Starts from a value derived from the model's name and only changes by {@link #replace},
 * which backends call to step down after the server refused something. Bounded (a backend talks to
 * a handful of models); when full, it forgets everything and learns again. Thread-safe.
 *
 * @param <T> the learned value, immutable
 */
public final class ModelAdaptations<T> {

  private static final int MAX_MODELS = 64;

  private final ConcurrentHashMap<String, T> byModel = new ConcurrentHashMap<>();
  private final Function<String, T> initial;

  /**
   * Creates an empty store.
   *
   * @param initial the value for a model nothing was learned about yet
   */
  public ModelAdaptations(Function<String, T> initial) {
    this.initial = initial;
  }

  /**
   * Returns what is known about a model.
   *
   * @param model the model
   * @return the learned value, or the initial one
   */
  public T get(String model) {
    T known = byModel.get(model);
    return known != null ? known : initial.apply(model);
  }

  /**
   * Records a step down for a model, unless another thread recorded one first.
   *
   * @param model the model
   * @param expected the value the caller used
   * @param next the value to use from now on
   * @return whether this call changed the record (callers log only then)
   */
  public boolean replace(String model, T expected, T next) {
    if (byModel.size() >= MAX_MODELS && !byModel.containsKey(model)) {
      byModel.clear();
    }
    T current = byModel.putIfAbsent(model, next);
    if (current == null) {
      return true;
    }
    return current.equals(expected) && byModel.replace(model, expected, next);
  }
}
