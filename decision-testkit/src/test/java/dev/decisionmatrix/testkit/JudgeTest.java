package dev.decisionmatrix.testkit;

import static dev.decisionmatrix.testkit.SimHttp.answerText;
import static dev.decisionmatrix.testkit.SimHttp.cell;
import static dev.decisionmatrix.testkit.SimHttp.json;
import static dev.decisionmatrix.testkit.SimHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JudgeTest {

  @Test
  void expectedScoreIsStableAcrossRunsAndPlatforms() {
    // Pinned values, computed independently (Python hashlib: SHA-256 of option NUL criterion,
    // first 8 bytes big-endian unsigned mod 91, next 8 mod 51): other modules may rely on them.
    assertThat(LlmSimulator.expectedScore("A", "Speed")).isEqualTo(6.4);
    assertThat(LlmSimulator.expectedConfidence("A", "Speed")).isEqualTo(0.98);
    assertThat(LlmSimulator.expectedScore("PostgreSQL", "Cost")).isEqualTo(9.5);
    assertThat(LlmSimulator.expectedConfidence("PostgreSQL", "Cost")).isEqualTo(0.86);
  }

  @Test
  void expectedScoresCoverOneToTenInTenthsAndSeparateOptionFromCriterion() {
    Set<Double> seen = new HashSet<>();
    for (int o = 0; o < 60; o++) {
      for (int c = 0; c < 60; c++) {
        double score = LlmSimulator.expectedScore("option " + o, "criterion " + c);
        assertThat(score).isBetween(1.0, 10.0);
        assertThat(Math.round(score * 10) / 10.0).isEqualTo(score);
        double confidence = LlmSimulator.expectedConfidence("option " + o, "criterion " + c);
        assertThat(confidence).isBetween(0.5, 1.0);
        seen.add(score);
      }
    }
    assertThat(seen).hasSize(91);
    assertThat(LlmSimulator.expectedAnswer("ab", "c")).isNotEqualTo(LlmSimulator.expectedAnswer("a", "bc"));
  }

  @Test
  void expectedAnswerIsACompactJudgmentOfAboutTwoHundredCharacters() {
    String answer = LlmSimulator.expectedAnswer("Redis", "Latency");
    JsonNode judgment = json(answer);

    assertThat(judgment.fieldNames()).toIterable().containsExactly("score", "reasoning", "confidence");
    assertThat(judgment.get("reasoning").asText()).hasSizeBetween(150, 260).contains("Redis", "Latency");
  }

  @Test
  void requestWithoutCellBlocksStillGetsAValidJudgment() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      String payload = SimHttp.body(Protocol.OPENAI, "gpt", "ping").toString();
      HttpResponse<String> response = send(SimHttp.request(sim, Protocol.OPENAI, "gpt", payload).build());

      JsonNode judgment = json(answerText(Protocol.OPENAI, json(response.body())));
      assertThat(judgment.get("score").asDouble()).isBetween(1.0, 10.0);
      assertThat(judgment.get("confidence").asDouble()).isBetween(0.5, 1.0);
    }
  }

  @Test
  void reAskConversationIsJudgedByTheFirstUserMessage() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      ObjectNode payload = SimHttp.body(Protocol.OPENAI, "gpt", SimHttp.cellPrompt("t", "Cost", "B"));
      var messages = payload.withArray("messages");
      messages.addObject().put("role", "assistant").put("content", "maybe a seven");
      messages.addObject().put("role", "user").put("content", "Your previous answer could not be used.");
      HttpResponse<String> response = send(SimHttp.request(sim, Protocol.OPENAI, "gpt", payload.toString()).build());

      assertThat(answerText(Protocol.OPENAI, json(response.body())))
          .isEqualTo(LlmSimulator.expectedAnswer("B", "Cost"));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void customJudgeSeesTheRequestInTheCommonShape(Protocol protocol) throws Exception {
    List<SimRequest> seen = new CopyOnWriteArrayList<>();
    try (LlmSimulator sim =
        LlmSimulator.builder()
            .judge(r -> {
              seen.add(r);
              return "{\"score\":null,\"reasoning\":\"abstain\",\"confidence\":0.1}";
            })
            .start()) {
      HttpResponse<String> response = send(cell(sim, protocol, "Option X", "Criterion Y"));

      assertThat(answerText(protocol, json(response.body())))
          .isEqualTo("{\"score\":null,\"reasoning\":\"abstain\",\"confidence\":0.1}");
      assertThat(seen).singleElement().satisfies(r -> {
        assertThat(r.protocol()).isEqualTo(protocol);
        assertThat(r.model()).isEqualTo(SimHttp.defaultModel(protocol));
        assertThat(r.system()).isEqualTo(SimHttp.SYSTEM);
        assertThat(r.messages()).extracting(SimMessage::role).containsExactly("user");
        assertThat(r.option()).isEqualTo("Option X");
        assertThat(r.criterion()).isEqualTo("Criterion Y");
        assertThat(r.isCell()).isTrue();
        assertThat(r.temperature()).isEqualTo(0.0);
        assertThat(r.maxTokens()).isEqualTo(400);
        assertThat(r.jsonRequested()).isEqualTo(protocol == Protocol.OLLAMA);
        assertThat(r.sequence()).isZero();
      });
    }
  }

  @Test
  void sequenceNumbersCountChatRequestsFromZeroAndRestartOnReset() throws Exception {
    List<Long> sequences = new CopyOnWriteArrayList<>();
    try (LlmSimulator sim =
        LlmSimulator.builder()
            .judge(r -> {
              sequences.add(r.sequence());
              return LlmSimulator.defaultJudge().apply(r);
            })
            .start()) {
      send(cell(sim, Protocol.OPENAI, "a", "b"));
      send(cell(sim, Protocol.OLLAMA, "a", "b"));
      sim.reset();
      send(cell(sim, Protocol.BEDROCK, "a", "b"));

      assertThat(sequences).containsExactly(0L, 1L, 0L);
    }
  }

  @Test
  void answerLongerThanTheOutputLimitIsCutAndReportedAsSuch() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      ObjectNode openAi = SimHttp.body(Protocol.OPENAI, "gpt", SimHttp.cellPrompt("t", "c", "o"));
      openAi.put("max_completion_tokens", 5);
      ObjectNode anthropic = SimHttp.body(Protocol.ANTHROPIC, "claude", SimHttp.cellPrompt("t", "c", "o"));
      anthropic.put("max_tokens", 5);

      JsonNode o = json(send(SimHttp.request(sim, Protocol.OPENAI, "gpt", openAi.toString()).build()).body());
      JsonNode a = json(send(SimHttp.request(sim, Protocol.ANTHROPIC, "claude", anthropic.toString()).build()).body());

      assertThat(o.at("/choices/0/finish_reason").asText()).isEqualTo("length");
      assertThat(o.at("/choices/0/message/content").asText()).hasSize(20);
      assertThat(o.at("/usage/completion_tokens").asLong()).isEqualTo(5);
      assertThat(a.get("stop_reason").asText()).isEqualTo("max_tokens");
    }
  }

  @Test
  void judgeThatThrowsProducesA500InTheProtocolsErrorShape() throws Exception {
    try (LlmSimulator sim =
        LlmSimulator.builder().judge(r -> { throw new IllegalStateException("boom"); }).start()) {
      HttpResponse<String> response = send(cell(sim, Protocol.ANTHROPIC, "a", "b"));

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(json(response.body()).at("/error/type").asText()).isEqualTo("api_error");
    }
  }

  @Test
  void judgeCanBeReplacedWhileTheSimulatorRuns() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      String before = answerText(Protocol.OPENAI, json(send(cell(sim, Protocol.OPENAI, "a", "b")).body()));
      sim.setJudge(r -> "second phase");
      String after = answerText(Protocol.OPENAI, json(send(cell(sim, Protocol.OPENAI, "a", "b")).body()));

      assertThat(before).isEqualTo(LlmSimulator.expectedAnswer("a", "b"));
      assertThat(after).isEqualTo("second phase");
    }
  }

  @Test
  void concurrentCellsEachGetTheirOwnJudgment() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
      Protocol[] protocols = Protocol.values();
      for (int i = 0; i < 40; i++) {
        futures.add(SimHttp.sendAsync(cell(sim, protocols[i % 4], "option " + i, "criterion " + i % 3)));
      }
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> response = futures.get(i).get();
        assertThat(answerText(protocols[i % 4], json(response.body())))
            .isEqualTo(LlmSimulator.expectedAnswer("option " + i, "criterion " + i % 3));
      }
      assertThat(sim.stats().statusCount(200)).isEqualTo(40);
    }
  }

  private static String batchPrompt(String option, String... criteria) {
    StringBuilder b = new StringBuilder("<data name=\"topic\">\nt\n</data>\n<data name=\"option_name\">\n" + option + "\n</data>\n");
    for (int i = 0; i < criteria.length; i++) {
      b.append("Criterion ").append(i + 1).append(i % 2 == 0 ? " (benefit):\n" : " (cost):\n");
      b.append("<data name=\"criterion_name\">\n").append(criteria[i]).append("\n</data>\n");
    }
    return b.append("Judge all ").append(criteria.length).append(" criteria.").toString();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aBatchedRequestGetsOneNumberedJudgmentPerCriterionWithEachCellsExpectedScore(Protocol protocol) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      String payload = SimHttp.body(protocol, SimHttp.defaultModel(protocol), batchPrompt("Redis", "Latency", "Cost", "Support")).toString();
      HttpResponse<String> response = send(SimHttp.request(sim, protocol, SimHttp.defaultModel(protocol), payload).build());

      JsonNode entries = json(answerText(protocol, json(response.body()))).get("judgments");
      assertThat(entries).hasSize(3);
      List<String> criteria = List.of("Latency", "Cost", "Support");
      for (int i = 0; i < 3; i++) {
        assertThat(entries.get(i).get("criterion").asInt()).isEqualTo(i + 1);
        assertThat(entries.get(i).get("score").asDouble()).isEqualTo(LlmSimulator.expectedScore("Redis", criteria.get(i)));
        assertThat(entries.get(i).get("confidence").asDouble()).isEqualTo(LlmSimulator.expectedConfidence("Redis", criteria.get(i)));
      }
    }
  }

  @Test
  void aRequestKnowsTheCriteriaOfABatchAndItsCellCount() throws Exception {
    List<SimRequest> seen = new CopyOnWriteArrayList<>();
    try (LlmSimulator sim = LlmSimulator.builder().judge(r -> {
      seen.add(r);
      return LlmSimulator.defaultJudge().apply(r);
    }).start()) {
      send(SimHttp.request(sim, Protocol.OPENAI, "gpt", SimHttp.body(Protocol.OPENAI, "gpt", batchPrompt("Redis", "Latency", "Cost")).toString()).build());
      send(SimHttp.request(sim, Protocol.OPENAI, "gpt", SimHttp.body(Protocol.OPENAI, "gpt", SimHttp.cellPrompt("t", "Cost", "B")).toString()).build());
    }

    assertThat(seen.get(0).criteria()).containsExactly("Latency", "Cost");
    assertThat(seen.get(0).isBatch()).isTrue();
    assertThat(seen.get(0).cellCount()).isEqualTo(2);
    assertThat(seen.get(1).criteria()).isEmpty();
    assertThat(seen.get(1).isBatch()).isFalse();
    assertThat(seen.get(1).cellCount()).isEqualTo(1);
  }

  @Test
  void thePerCellLatencyModelMakesABatchSlowerByEachFurtherCell() {
    LatencyModel model = LatencyModel.perCell(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(10));
    SimRequest one = new SimRequest(Protocol.OPENAI, "m", "", List.of(new SimMessage("user", SimHttp.cellPrompt("t", "Cost", "B"))),
        null, null, false, "B", "Cost", 0);
    SimRequest four = new SimRequest(Protocol.OPENAI, "m", "", List.of(new SimMessage("user", batchPrompt("B", "a", "b", "c", "d"))),
        null, null, false, "B", "a", 1);

    assertThat(model.delayFor(one)).isEqualTo(java.time.Duration.ofMillis(50));
    assertThat(model.delayFor(four)).isEqualTo(java.time.Duration.ofMillis(80));
  }
}
