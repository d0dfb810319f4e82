package dev.decisionmatrix.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Test client: builds each protocol's requests the way real clients do and reads the answers. */
final class SimHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-test-secret-key";
  static final String BEDROCK_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String SYSTEM = "You are an impartial analyst.";
  static final Duration WAIT = Duration.ofSeconds(10);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private SimHttp() {}

  /** The user message of one cell, exactly as the core's JudgePrompt builds it. */
  static String cellPrompt(String topic, String criterion, String option) {
    return "Decision being made:\n"
        + block("topic", topic)
        + "\nCriterion:\n"
        + block("criterion_name", criterion)
        + block("criterion_description", "How much it costs over three years.")
        + "\nOption:\n"
        + block("option_name", option)
        + "\nScore how well the option does on this criterion, from 1 (very poorly) to 10"
        + " (excellently).\nAnswer with the JSON object only.";
  }

  private static String block(String name, String text) {
    return "<data name=\"" + name + "\">\n" + text + "\n</data>\n";
  }

  static String defaultModel(Protocol protocol) {
    return switch (protocol) {
      case OPENAI -> "gpt-4o-mini";
      case ANTHROPIC -> "claude-haiku-4-5";
      case OLLAMA -> "llama3.2";
      case BEDROCK -> BEDROCK_MODEL;
    };
  }

  /** A request body for one user message, with a system prompt and temperature 0. */
  static ObjectNode body(Protocol protocol, String model, String user) {
    ObjectNode root = JSON.createObjectNode();
    switch (protocol) {
      case OPENAI -> {
        root.put("model", model);
        var messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM);
        messages.addObject().put("role", "user").put("content", user);
        root.put("temperature", 0.0);
        root.put("max_completion_tokens", 400);
      }
      case ANTHROPIC -> {
        root.put("model", model);
        root.put("max_tokens", 400);
        root.putArray("system").addObject().put("type", "text").put("text", SYSTEM);
        var content =
            root.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "text").put("text", user);
        root.put("temperature", 0.0);
      }
      case OLLAMA -> {
        root.put("model", model);
        var messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM);
        messages.addObject().put("role", "user").put("content", user);
        root.put("stream", false);
        root.put("format", "json");
        root.putObject("options").put("temperature", 0.0).put("num_predict", 400);
      }
      case BEDROCK -> {
        root.putArray("system").addObject().put("text", SYSTEM);
        var message = root.putArray("messages").addObject().put("role", "user");
        message.putArray("content").addObject().put("text", user);
        root.putObject("inferenceConfig").put("maxTokens", 400).put("temperature", 0.0);
      }
    }
    return root;
  }

  /** A chat request as the provider's client sends it, with credentials. */
  static HttpRequest.Builder request(LlmSimulator sim, Protocol protocol, String model, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder()
            .timeout(WAIT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return switch (protocol) {
      case OPENAI ->
          b.uri(URI.create(sim.baseUrl(Protocol.OPENAI) + "/chat/completions"))
              .header("Authorization", "Bearer " + KEY);
      case ANTHROPIC ->
          b.uri(URI.create(sim.baseUrl() + "/v1/messages"))
              .header("x-api-key", KEY)
              .header("anthropic-version", "2023-06-01");
      case OLLAMA -> b.uri(URI.create(sim.baseUrl() + "/api/chat"));
      case BEDROCK ->
          b.uri(URI.create(
                  sim.baseUrl() + "/model/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                      + "/converse"))
              .header(
                  "Authorization",
                  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/bedrock/aws4_request,"
                      + " SignedHeaders=host;x-amz-date, Signature=0123abcd")
              .header("X-Amz-Date", "20250101T000000Z")
              .header("X-Amz-Security-Token", "session-token-secret");
    };
  }

  static HttpRequest cell(LlmSimulator sim, Protocol protocol, String option, String criterion) {
    return cell(sim, protocol, option, criterion, b -> {});
  }

  static HttpRequest cell(
      LlmSimulator sim,
      Protocol protocol,
      String option,
      String criterion,
      Consumer<HttpRequest.Builder> tweak) {
    String model = defaultModel(protocol);
    String user = cellPrompt("Pick a database", criterion, option);
    HttpRequest.Builder b = request(sim, protocol, model, body(protocol, model, user).toString());
    tweak.accept(b);
    return b.build();
  }

  static HttpClient client() {
    return CLIENT;
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer text of a successful response, in each protocol's own shape. */
  static String answerText(Protocol protocol, JsonNode body) {
    return switch (protocol) {
      case OPENAI -> body.at("/choices/0/message/content").asText();
      case ANTHROPIC -> body.at("/content/0/text").asText();
      case OLLAMA -> body.at("/message/content").asText();
      case BEDROCK -> body.at("/output/message/content/0/text").asText();
    };
  }

  /** Waits for a latch on a judge thread; an interrupt (the simulator closing) ends the request. */
  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("latch not released in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
