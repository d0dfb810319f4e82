package dev.decisionmatrix.testkit;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A chat request as the simulator understood it, the same shape for every wire format. Judge
 * scripts, fault scripts and latency models receive it.
 *
 * @param protocol the wire format the request came in
 * @param model the requested model (for Bedrock the decoded model id from the path)
 * @param system the system text: the top-level system field, or the system (and developer)
 *     messages joined with newlines; empty when there is none
 * @param messages the conversation without system messages, in order
 * @param temperature the requested temperature, or null when absent
 * @param maxTokens the requested output limit ({@code max_tokens}, {@code max_completion_tokens},
 *     {@code num_predict}, {@code maxTokens}), or null when absent
 * @param jsonRequested whether the request asked for JSON output: a JSON schema, JSON mode, Ollama
 *     {@code format}, or a forced tool call
 * @param option the option name from the first user message's {@code option_name} data block, or
 *     null when there is none
 * @param criterion the criterion name from the first user message's {@code criterion_name} data
 *     block, or null when there is none
 * @param sequence 0-based number of this chat request since the simulator started or was last
 *     {@linkplain LlmSimulator#reset() reset}
 */
public record SimRequest(
    Protocol protocol,
    String model,
    String system,
    List<SimMessage> messages,
    @Nullable Double temperature,
    @Nullable Integer maxTokens,
    boolean jsonRequested,
    @Nullable String option,
    @Nullable String criterion,
    long sequence) {

  /**
   * Creates a request; the message list is copied.
   *
   * @throws NullPointerException if a non-nullable argument is null
   */
  public SimRequest {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(system, "system");
    messages = List.copyOf(messages);
  }

  /**
   * Returns the text of the first user message.
   *
   * @return the text, or an empty string when there is no user message
   */
  public String firstUserText() {
    for (SimMessage m : messages) {
      if (m.role().equals("user")) {
        return m.text();
      }
    }
    return "";
  }

  /**
   * Returns the text of the last user message.
   *
   * @return the text, or an empty string when there is no user message
   */
  public String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) {
        return messages.get(i).text();
      }
    }
    return "";
  }

  /**
   * Returns the number of characters of prompt text (system plus all messages), the basis of the
   * simulated input token count.
   *
   * @return the character count
   */
  public long inputChars() {
    long n = system.length();
    for (SimMessage m : messages) {
      n += m.text().length();
    }
    return n;
  }

  /**
   * Tells whether this request judges one decision cell, that is whether both the option and the
   * criterion blocks were found.
   *
   * @return true when {@link #option()} and {@link #criterion()} are both present
   */
  public boolean isCell() {
    return option != null && criterion != null;
  }

  /**
   * Returns the criteria a batched request asks about, in the numbered order of its first user
   * message ({@code Criterion 1 (benefit):} followed by its {@code criterion_name} block, and so
   * on); empty for a one-cell request.
   *
   * @return the criterion names, never {@code null}
   */
  public List<String> criteria() {
    return dev.decisionmatrix.testkit.internal.CellJudge.batchCriteria(firstUserText());
  }

  /**
   * Tells whether this request judges one option on several numbered criteria (the batched mode).
   *
   * @return true when {@link #criteria()} is not empty
   */
  public boolean isBatch() {
    return !criteria().isEmpty();
  }

  /**
   * Returns how many cells the request judges: the number of {@linkplain #criteria() criteria} of
   * a batched request, otherwise 1.
   *
   * @return the cell count, at least 1
   */
  public int cellCount() {
    return Math.max(1, criteria().size());
  }
}
