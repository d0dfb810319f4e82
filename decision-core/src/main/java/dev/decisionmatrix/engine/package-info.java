/**
 * The evaluation engine: {@link dev.decisionmatrix.engine.DecisionEngine} judges a decision's cells
 * on virtual threads, under a global concurrency limit and an adaptive per-backend limit, with
 * retries, timeouts, a deadline, cancellation and a judgment cache, and returns an {@link
 * dev.decisionmatrix.engine.Evaluation}.
 *
 * <p>Build one engine with {@link
 * dev.decisionmatrix.engine.DecisionEngine#builder DecisionEngine.builder(backend)}, share it (it is thread-safe) and close it when done. Choose
 * per evaluation with {@link dev.decisionmatrix.engine.EvaluationOptions}; follow progress with an
 * {@link dev.decisionmatrix.engine.EvaluationListener}, a {@link
 * dev.decisionmatrix.engine.RunningEvaluation} or a stream of {@link
 * dev.decisionmatrix.engine.CellResult}s.
 */
@NullMarked
package dev.decisionmatrix.engine;

import org.jspecify.annotations.NullMarked;
