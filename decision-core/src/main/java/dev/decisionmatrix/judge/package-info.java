/**
 * Judging one cell: the prompt ({@link dev.decisionmatrix.judge.JudgePrompt}), the parsing of the
 * model's answer ({@link dev.decisionmatrix.judge.JudgmentParser}) and the result, a sealed {@link
 * dev.decisionmatrix.judge.Judgment}: scored, abstained or failed.
 *
 * <p>User text is placed in delimited data blocks so it cannot pose as instructions, and the
 * criterion's weight never reaches the prompt. Everything here is stateless or immutable, and
 * thread-safe.
 */
@NullMarked
package dev.decisionmatrix.judge;

import org.jspecify.annotations.NullMarked;
