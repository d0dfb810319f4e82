package dev.decisionmatrix.engine;

/**
 * How far an evaluation has come.
 *
 * @param done cells with a final judgment in this evaluation
 * @param total cells this evaluation judges
 * @param cacheHits cells answered from the cache
 * @param failed cells whose judgment failed
 */
public record Progress(int done, int total, int cacheHits, int failed) {

  /**
   * Returns the share of cells done, e.g. for a progress bar.
   *
   * @return done / total in 0..1; 1 when there is nothing to do
   */
  public double fraction() {
    return total == 0 ? 1 : (double) done / total;
  }
}
