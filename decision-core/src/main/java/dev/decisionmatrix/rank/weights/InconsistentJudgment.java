package dev.decisionmatrix.rank.weights;

/**
 * The pairwise judgment that disagrees most with the weights AHP derived from all judgments
 * together, and what it would be if it agreed.
 *
 * @param row the more-or-less important element's index {@code i}, 0-based
 * @param column the element it was compared with, {@code j}, 0-based; {@code row < column}
 * @param given the judgment as entered, {@code a[i][j]}
 * @param consistent the value the derived weights imply, {@code w[i] / w[j]}
 * @param suggested the value on Saaty's scale (1..9 or 1/2..1/9) nearest to {@code consistent} on a
 *     log scale
 * @param deviation {@code |ln(a[i][j] * w[j] / w[i])|}: 0 when the judgment agrees exactly
 */
public record InconsistentJudgment(int row, int column, double given, double consistent, double suggested, double deviation) {}
