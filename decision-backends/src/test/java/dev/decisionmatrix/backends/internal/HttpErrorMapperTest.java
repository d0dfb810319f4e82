package dev.decisionmatrix.backends.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpErrorMapperTest {

  private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

  @ParameterizedTest
  @CsvSource({
    "429, RATE_LIMITED", "503, OVERLOADED", "529, OVERLOADED", "500, TRANSIENT", "502, TRANSIENT", "504, TRANSIENT",
    "408, TIMEOUT", "401, AUTHENTICATION", "403, AUTHENTICATION", "400, BAD_REQUEST", "404, BAD_REQUEST",
    "413, BAD_REQUEST", "422, BAD_REQUEST", "409, UNKNOWN", "501, UNKNOWN", "418, UNKNOWN",
  })
  void mapsStatusToKind(int status, LlmErrorKind kind) {
    assertThat(HttpErrorMapper.kindOf(status)).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"error\":{\"message\":\"model not found\",\"type\":\"invalid_request_error\"}} | model not found",
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}} | Overloaded",
        "{\"error\":\"model 'x' not found, try pulling it first\"} | model 'x' not found, try pulling it first",
        "{\"message\":\"The security token included in the request is invalid.\"} | The security token included in the request is invalid.",
        "{\"detail\":\"Not Found\"} | Not Found",
        "<html><body>Bad Gateway</body></html> | <html><body>Bad Gateway</body></html>",
      })
  void extractsTheProvidersMessage(String body, String message) {
    assertThat(HttpErrorMapper.providerMessage(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(message);
  }

  @Test
  void shortensLongMessagesAndCollapsesControlCharacters() {
    String body = "{\"error\":{\"message\":\"line one\\nline two\\t" + "x".repeat(1000) + "\"}}";

    String message = HttpErrorMapper.providerMessage(body.getBytes(StandardCharsets.UTF_8));

    assertThat(message).startsWith("line one line two x").endsWith("...").hasSize(HttpErrorMapper.MAX_PROVIDER_MESSAGE);
  }

  @Test
  void notFoundSaysTheModelOrUrlIsUnknownAndHidesCredentialsInTheUrl() {
    LlmException e =
        HttpErrorMapper.map(
            "openai", "gpt-x", URI.create("https://user:pw@proxy.example.com/v1/chat/completions?key=abc"), 404, NO_HEADERS,
            "{\"error\":{\"message\":\"The model `gpt-x` does not exist\"}}".getBytes(StandardCharsets.UTF_8),
            Redactor.of("sk-never"), Instant.now());

    assertThat(e.kind()).isEqualTo(LlmErrorKind.BAD_REQUEST);
    assertThat(e.getMessage())
        .contains("HTTP 404", "the model 'gpt-x' or the URL is unknown", "https://proxy.example.com/v1/chat/completions", "does not exist")
        .doesNotContain("pw")
        .doesNotContain("key=abc");
  }

  @Test
  void permanentFailuresCarryNoRetryHint() {
    HttpHeaders headers = HttpHeaders.of(Map.of("Retry-After", List.of("5")), (a, b) -> true);

    LlmException e = HttpErrorMapper.map("x", null, URI.create("http://h/"), 400, headers, new byte[0], Redactor.of(), Instant.now());

    assertThat(e.retryAfter()).isEmpty();
  }
}
