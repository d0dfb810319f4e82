/**
 * Decision Matrix for Java: LLM-assisted multi-criteria decision analysis. This package holds only
 * {@link dev.decisionmatrix.DecisionMatrixException}, the unchecked root of every exception the
 * library throws; the work is done in the subpackages:
 *
 * <ul>
 *   <li>{@link dev.decisionmatrix.model}: the decision, its options and weighted criteria;
 *   <li>{@link dev.decisionmatrix.engine}: {@link dev.decisionmatrix.engine.DecisionEngine}, which
 *       judges every cell with an LLM, in parallel, and caches the judgments;
 *   <li>{@link dev.decisionmatrix.rank}: ranking methods, the recommendation and sensitivity;
 *   <li>{@link dev.decisionmatrix.report}: Markdown, CSV, JSON and HTML reports;
 *   <li>{@link dev.decisionmatrix.llm}, {@link dev.decisionmatrix.judge} and {@link
 *       dev.decisionmatrix.cache}: the LLM backend SPI, the judge's prompt and answer parsing, and
 *       the judgment cache SPI.
 * </ul>
 *
 * <p>Unless documented otherwise, parameters and return values are non-null ({@code @Nullable}
 * marks the exceptions), value types are immutable, and the engine, ranking methods and reports
 * are thread-safe.
 */
@NullMarked
package dev.decisionmatrix;

import org.jspecify.annotations.NullMarked;
