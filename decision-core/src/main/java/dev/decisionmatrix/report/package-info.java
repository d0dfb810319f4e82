/**
 * Reports of an evaluation and its ranking: {@link dev.decisionmatrix.report.MarkdownReport},
 * {@link dev.decisionmatrix.report.CsvReport}, {@link dev.decisionmatrix.report.JsonReport} (a
 * stable, documented schema) and a self-contained {@link dev.decisionmatrix.report.HtmlReport}.
 * {@link dev.decisionmatrix.report.DecisionJson} writes and reads a decision with its judgments.
 *
 * <p>Every renderer escapes user and model text for its format, and is stateless and thread-safe.
 */
@NullMarked
package dev.decisionmatrix.report;

import org.jspecify.annotations.NullMarked;
