package dev.decisionmatrix.bench;

import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.DecisionLimits;
import dev.decisionmatrix.model.Direction;

/** Decisions of the benchmark sizes and an in-process backend that answers at once. */
final class Matrices {

  /** About 200 characters, the reasoning length the memory targets assume. */
  static final String REASONING =
      "The option meets the criterion well: its documented track record, pricing transparency and support terms are "
          + "solid, though regional coverage and migration tooling leave some room for improvement overall.";

  private Matrices() {}

  static Decision decision(String topic, int options, int criteria) {
    Decision.Builder b = Decision.builder(topic).limits(DecisionLimits.DEFAULTS);
    for (int o = 0; o < options; o++) {
      b.option("Option " + o, "A candidate numbered " + o + " with its own strengths and weaknesses.");
    }
    for (int c = 0; c < criteria; c++) {
      b.criterion(Criterion.builder("Criterion " + c)
          .description("How well the option does on aspect " + c + ".")
          .weight(1 + c % 5)
          .direction(c % 4 == 3 ? Direction.COST : Direction.BENEFIT)
          .build());
    }
    return b.build();
  }

  /**
   * The transport floor: the backend called for every cell of the decision straight from {@code
   * concurrency} virtual threads, no engine (no cache, no dispatcher, no listener), each answer
   * parsed. Returns nanoseconds.
   */
  static long direct(LlmBackend backend, Decision decision, int concurrency) throws InterruptedException {
    java.util.List<ChatRequest> requests = new java.util.ArrayList<>();
    for (dev.decisionmatrix.model.Option o : decision.options()) {
      for (Criterion c : decision.criteria()) {
        requests.add(new ChatRequest(dev.decisionmatrix.judge.JudgePrompt.system(),
            java.util.List.of(dev.decisionmatrix.llm.ChatMessage.user(dev.decisionmatrix.judge.JudgePrompt.user(decision.topic() + " (direct)", c, o, 0))),
            null, 0.0, 1024, dev.decisionmatrix.judge.JudgePrompt.SCHEMA));
      }
    }
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(concurrency);
    java.util.List<Thread> threads = new java.util.ArrayList<>(requests.size());
    long start = System.nanoTime();
    for (ChatRequest request : requests) {
      slots.acquire();
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          dev.decisionmatrix.judge.JudgmentParser.parse(backend.chat(request).text());
        } finally {
          slots.release();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return System.nanoTime() - start;
  }

  /** Answers every request at once with a valid judgment derived from the prompt's hash. */
  static LlmBackend instant() {
    return new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        int h = request.lastUserMessage().hashCode();
        double score = 1 + Math.floorMod(h, 91) / 10.0;
        return new ChatResponse("{\"score\":" + score + ",\"reasoning\":\"" + REASONING + "\",\"confidence\":0.8}", new TokenUsage(250, 60), "instant");
      }

      @Override
      public String id() {
        return "instant";
      }
    };
  }
}
