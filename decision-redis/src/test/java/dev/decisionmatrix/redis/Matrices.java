package dev.decisionmatrix.redis;

import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.util.stream.IntStream;

/** Decisions of a given shape and a backend on the simulator, for the engine tests. */
final class Matrices {

  private Matrices() {}

  static Decision decision(String topic, int options, int criteria) {
    return Decision.of(topic,
        IntStream.range(0, options).mapToObj(o -> Option.of("Option " + o, "candidate number " + o)).toList(),
        IntStream.range(0, criteria).mapToObj(c -> Criterion.of("Criterion " + c)).toList());
  }

  static LlmBackend backend(LlmSimulator sim) {
    return OpenAiBackend.builder().baseUrl(sim.baseUrl() + "/v1").apiKey("sk-test").model("sim-model").build();
  }
}
