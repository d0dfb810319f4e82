package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.TokenUsage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many tokens a call is expected to take, per provider and model: the average of the calls
 * this engine made to it, or before any, the prompt's length at four characters a token and a
 * typical answer. Thread-safe.
 */
final class TokenEstimates {

  /** Characters per token in English prose, the usual rule of thumb for the providers' tokenizers. */
  static final double CHARS_PER_TOKEN = 4.0;
  /** Tokens of a typical answer: the JSON object with two or three sentences of reasoning. */
  static final long TYPICAL_OUTPUT_TOKENS = 100;
  /** Tokens a provider adds around the messages (roles, separators). */
  static final long FRAMING_TOKENS = 12;


  private static final class Average {
    final LongAdder calls = new LongAdder();
    final LongAdder input = new LongAdder();
    final LongAdder output = new LongAdder();
  }

  private final ConcurrentHashMap<String, Average> averages = new ConcurrentHashMap<>();

  /**
   * Learns from a call's reported usage; calls that reported no tokens teach nothing. Batched calls ({@code cells > 1}) are averaged per cell
   * apart from one-cell calls, whose shape differs (the prompt's shared part is paid once).
   */
  void record(String provider, String model, TokenUsage usage, int cells) {
    if (usage.total() == 0) {
      return;
    }
    Average a = averages.computeIfAbsent(key(provider, model, cells), k -> new Average());
    a.input.add(usage.inputTokens());
    a.output.add(usage.outputTokens());
    a.calls.add(cells);
  }

  /** Returns the tokens a first call judging {@code cells} cells is expected to take. */
  TokenUsage estimate(String provider, String model, ChatRequest request, int cells) {
    Average a = averages.get(key(provider, model, cells));
    long n = a == null ? 0 : a.calls.sum();
    if (n > 0) {
      return new TokenUsage(Math.round((double) a.input.sum() * cells / n), Math.round((double) a.output.sum() * cells / n));
    }
    return new TokenUsage(promptTokens(request), Math.min(TYPICAL_OUTPUT_TOKENS * cells, request.maxTokens()));
  }

  private static String key(String provider, String model, int cells) {
    return cells > 1 ? provider + "/" + model + "/batched" : provider + "/" + model;
  }

  /** Returns the input tokens a request's text takes by the rule of thumb. */
  static long promptTokens(ChatRequest request) {
    long chars = request.system().length() + (request.responseSchema() == null ? 0 : request.responseSchema().json().length());
    for (ChatMessage m : request.messages()) {
      chars += m.content().length();
    }
    return (long) Math.ceil(chars / CHARS_PER_TOKEN) + FRAMING_TOKENS;
  }
}
