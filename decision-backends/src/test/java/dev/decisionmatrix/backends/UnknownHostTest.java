package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A host that does not resolve (a typo, or for Bedrock a wrong region) is named in the report. */
class UnknownHostTest {

  // RFC 6761: names under .invalid never resolve, so no resolver waits for an answer.
  private static final String URL = "http://llm.nowhere.invalid:1234";

  @ParameterizedTest
  @EnumSource(Provider.class)
  void connectionTestNamesTheHostThatDoesNotResolve(Provider provider) {
    LlmBackend backend = provider.backend(URL, Duration.ofSeconds(10));
    try {
      ConnectionReport report = backend.testConnection();

      assertThat(report.ok()).isFalse();
      assertThat(report.errorKind()).isEqualTo(LlmErrorKind.TRANSIENT);
      assertThat(report.message()).contains("cannot connect to llm.nowhere.invalid:1234").contains("unknown host");
      if (provider == Provider.BEDROCK) {
        assertThat(report.message()).contains("AWS_REGION");
      }
    } finally {
      Provider.close(backend);
    }
  }
}
