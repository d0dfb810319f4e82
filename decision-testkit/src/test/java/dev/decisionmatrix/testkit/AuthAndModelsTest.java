package dev.decisionmatrix.testkit;

import static dev.decisionmatrix.testkit.SimHttp.cell;
import static dev.decisionmatrix.testkit.SimHttp.json;
import static dev.decisionmatrix.testkit.SimHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuthAndModelsTest {

  private static LlmSimulator sim;

  @BeforeAll
  static void start() {
    sim =
        LlmSimulator.builder()
            .requireApiKey(SimHttp.KEY)
            .models(Set.of("gpt-4o-mini", "claude-haiku-4-5", "llama3.2", SimHttp.BEDROCK_MODEL))
            .start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void openAiRejectsAWrongKeyWith401InvalidApiKey() throws Exception {
    HttpResponse<String> response =
        send(cell(sim, Protocol.OPENAI, "a", "c", b -> b.setHeader("Authorization", "Bearer wrong")));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
  }

  @Test
  void anthropicRejectsAWrongKeyWith401AuthenticationError() throws Exception {
    HttpResponse<String> response =
        send(cell(sim, Protocol.ANTHROPIC, "a", "c", b -> b.setHeader("x-api-key", "wrong")));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response.body()).at("/error/type").asText()).isEqualTo("authentication_error");
  }

  @Test
  void anthropicRequiresTheVersionHeader() throws Exception {
    String payload = SimHttp.body(Protocol.ANTHROPIC, "claude-haiku-4-5", "hi").toString();
    HttpResponse<String> response =
        send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/v1/messages"))
            .header("x-api-key", SimHttp.KEY)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(payload))
            .build());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).at("/error/message").asText()).contains("anthropic-version");
  }

  @Test
  void ollamaNeedsNoKey() throws Exception {
    assertThat(send(cell(sim, Protocol.OLLAMA, "a", "c")).statusCode()).isEqualTo(200);
  }

  @Test
  void bedrockWithoutAuthorizationHeaderIsForbidden() throws Exception {
    String payload = SimHttp.body(Protocol.BEDROCK, SimHttp.BEDROCK_MODEL, "hi").toString();
    String path = "/model/" + java.net.URLEncoder.encode(SimHttp.BEDROCK_MODEL, java.nio.charset.StandardCharsets.UTF_8) + "/converse";
    HttpResponse<String> response =
        send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + path))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(payload))
            .build());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
  }

  @Test
  void modelListingRequiresTheKeyToo() throws Exception {
    assertThat(SimHttp.get(sim.baseUrl() + "/v1/models").statusCode()).isEqualTo(401);
    JsonNode listing =
        json(SimHttp.get(sim.baseUrl() + "/v1/models", "Authorization", "Bearer " + SimHttp.KEY).body());
    assertThat(listing.findValuesAsText("id"))
        .containsExactly("anthropic.claude-3-haiku-20240307-v1:0", "claude-haiku-4-5", "gpt-4o-mini", "llama3.2");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void unknownModelIsA404InTheProtocolsShape(Protocol protocol) throws Exception {
    String model = protocol == Protocol.BEDROCK ? "amazon.unknown-v1:0" : "no-such-model";
    String payload = SimHttp.body(protocol, model, "hi").toString();
    HttpResponse<String> response = send(SimHttp.request(sim, protocol, model, payload).build());

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode body = json(response.body());
    switch (protocol) {
      case OPENAI -> {
        assertThat(body.at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/message").asText()).contains(model);
      }
      case ANTHROPIC -> assertThat(body.at("/error/type").asText()).isEqualTo("not_found_error");
      case OLLAMA -> assertThat(body.get("error").asText()).contains(model);
      case BEDROCK ->
          assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
    }
  }

  @Test
  void requestsTheProviderWouldRejectGet400() throws Exception {
    ObjectNode noMaxTokens = SimHttp.body(Protocol.ANTHROPIC, "claude-haiku-4-5", "hi");
    noMaxTokens.remove("max_tokens");
    ObjectNode systemRole = SimHttp.body(Protocol.ANTHROPIC, "claude-haiku-4-5", "hi");
    systemRole.withArray("messages").addObject().put("role", "system").put("content", "x");
    ObjectNode hotOpenAi = SimHttp.body(Protocol.OPENAI, "gpt-4o-mini", "hi").put("temperature", 2.5);

    assertThat(send(SimHttp.request(sim, Protocol.ANTHROPIC, "", noMaxTokens.toString()).build()).body())
        .contains("invalid_request_error", "max_tokens");
    assertThat(send(SimHttp.request(sim, Protocol.ANTHROPIC, "", systemRole.toString()).build()).statusCode())
        .isEqualTo(400);
    assertThat(send(SimHttp.request(sim, Protocol.OPENAI, "", hotOpenAi.toString()).build()).statusCode())
        .isEqualTo(400);
    assertThat(send(SimHttp.request(sim, Protocol.OLLAMA, "", "{not json").build()).body())
        .contains("\"error\"");
  }
}
