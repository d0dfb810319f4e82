package dev.decisionmatrix.backends.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrlTest {

  @ParameterizedTest
  @CsvSource({
    "https://api.openai.com/v1/, https://api.openai.com/v1",
    "HTTP://LocalHost:8000//, http://localhost:8000",
    "http://user:secret@proxy:4000/v1, http://proxy:4000/v1",
    "' http://[::1]:11434 ', http://[::1]:11434",
  })
  void normalizes(String text, String normalized) {
    assertThat(BaseUrl.parse(text, "baseUrl")).hasToString(normalized);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:8000", "ftp://host", "http://", "http://host/v1?key=1", "not a url", " "})
  void rejectsWhatIsNotAnHttpBaseUrl(String text) {
    assertThatThrownBy(() -> BaseUrl.parse(text, "OPENAI_BASE_URL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OPENAI_BASE_URL");
  }

  @Test
  void neverEchoesCredentialsOfARejectedUrl() {
    assertThatThrownBy(() -> BaseUrl.parse("ftp://user:hunter2@host", "baseUrl")).hasMessageNotContaining("hunter2");
  }

  @Test
  void resolvesEndpointsAndKnowsDefaultPorts() {
    BaseUrl url = BaseUrl.parse("https://api.anthropic.com/v1", "baseUrl");

    assertThat(url.withoutSuffix("/v1").resolve("v1/messages")).isEqualTo(URI.create("https://api.anthropic.com/v1/messages"));
    assertThat(url.port()).isEqualTo(443);
    assertThat(BaseUrl.hostPort(URI.create("http://h/x"))).isEqualTo("h:80");
  }
}
