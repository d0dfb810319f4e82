package dev.decisionmatrix.backends.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A rejected base URL is named in its error without the query string or user info, which may hold secrets. */
class RejectedUrlMessagesTest {

  @Test
  void aRejectedUrlIsShownWithoutItsQueryString() {
    assertThatThrownBy(() -> BaseUrl.parse("https://llm.example.com/v1?api_key=sk-secret-123#anchor-token", "OPENAI_BASE_URL"))
        .hasMessageContaining("OPENAI_BASE_URL must not have a query or fragment")
        .hasMessageContaining("https://llm.example.com/v1?...")
        .hasMessageNotContaining("sk-secret-123")
        .hasMessageNotContaining("anchor-token");
  }

  @Test
  void aRejectedUrlIsShownWithoutItsUserInfo() {
    assertThatThrownBy(() -> BaseUrl.parse("ftp://alice:pa55word@llm.example.com/v1", "OPENAI_BASE_URL"))
        .hasMessageContaining("ftp://***@llm.example.com/v1")
        .hasMessageNotContaining("pa55word")
        .hasMessageNotContaining("alice");
    assertThatThrownBy(() -> BaseUrl.parse("http://bob:s3cr3t@/v1?x=a@b", "OPENAI_BASE_URL"))
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("x=a");
  }
}
