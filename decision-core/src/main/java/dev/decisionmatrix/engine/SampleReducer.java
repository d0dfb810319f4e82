package dev.decisionmatrix.engine;

import java.util.Arrays;

/** How several sampled scores of one cell become one score. */
public enum SampleReducer {
  /** The median (robust to one outlier); the default. */
  MEDIAN {
    @Override
    double reduce(double[] scores) {
      double[] sorted = scores.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  },
  /** The arithmetic mean. */
  MEAN {
    @Override
    double reduce(double[] scores) {
      return Arrays.stream(scores).average().orElse(Double.NaN);
    }
  };

  abstract double reduce(double[] scores);
}
