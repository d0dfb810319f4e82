package dev.decisionmatrix.engine;

import dev.decisionmatrix.judge.JudgePrompt;
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

  private static final long SCHEMA_CHARS = JudgePrompt.SCHEMA.json().length();

  private static final class Average {
    final LongAdder calls = new LongAdder();
    final LongAdder input = new LongAdder();
    final LongAdder output = new LongAdder();
  }

  private final ConcurrentHashMap<String, Average> averages = new ConcurrentHashMap<>();

  /** Learns from a call's reported usage; calls that reported no tokens teach nothing. */
  void record(String provider, String model, TokenUsage usage) {
    if (usage.total() == 0) {
      return;
    }
    Average a = averages.computeIfAbsent(provider + "/" + model, k -> new Average());
    a.input.add(usage.inputTokens());
    a.output.add(usage.outputTokens());
    a.calls.increment();
  }

  /** Returns the tokens a first call for a request is expected to take. */
  TokenUsage estimate(String provider, String model, ChatRequest request) {
    Average a = averages.get(provider + "/" + model);
    long n = a == null ? 0 : a.calls.sum();
    if (n > 0) {
      return new TokenUsage(Math.round((double) a.input.sum() / n), Math.round((double) a.output.sum() / n));
    }
    return new TokenUsage(promptTokens(request), Math.min(TYPICAL_OUTPUT_TOKENS, request.maxTokens()));
  }

  /** Returns the input tokens a request's text takes by the rule of thumb. */
  static long promptTokens(ChatRequest request) {
    long chars = request.system().length() + (request.responseSchema() == null ? 0 : SCHEMA_CHARS);
    for (ChatMessage m : request.messages()) {
      chars += m.content().length();
    }
    return (long) Math.ceil(chars / CHARS_PER_TOKEN) + FRAMING_TOKENS;
  }
}
