package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.cost.Price;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --prices} and {@code DECISION_MATRIX_PRICES}: token prices over the documented defaults. */
class PriceOptionsTest {

  @Test
  void withoutPricesTheDefaultsApply() {
    ServerOptions o = ServerOptions.parse(new String[0], Map.of());

    assertThat(o.prices().priceOf("openai", "gpt-4o-mini")).contains(new Price(0.15, 0.60));
    assertThat(o.prices().priceOf("openai", "my-model")).isEmpty();
  }

  @Test
  void anInlineListFromTheEnvironmentAddsAndOverridesPrices() {
    ServerOptions o = ServerOptions.parse(new String[0], Map.of(ServerOptions.ENV_PRICES, "my-model=1/2,gpt-4o-mini=0.1/0.4"));

    assertThat(o.prices().priceOf("openai", "my-model")).contains(new Price(1, 2));
    assertThat(o.prices().priceOf("openai", "gpt-4o-mini")).contains(new Price(0.1, 0.4));
    assertThat(o.prices().priceOf("anthropic", "claude-sonnet-4")).as("other defaults stay").contains(new Price(3, 15));
  }

  @Test
  void theFlagNamesAFileAndWinsOverTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, "{\"my-model\": {\"input\": 3, \"output\": 4}}");

    ServerOptions o = ServerOptions.parse(new String[] {"--prices", file.toString()}, Map.of(ServerOptions.ENV_PRICES, "my-model=1/2"));

    assertThat(o.prices().priceOf("openai", "my-model")).contains(new Price(3, 4));
  }

  @Test
  void aBadPriceListIsAUsageErrorNamingTheSourceAndTheForm() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[0], Map.of(ServerOptions.ENV_PRICES, "my-model=cheap")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("DECISION_MATRIX_PRICES")
        .hasMessageContaining("my-model=cheap")
        .hasMessageContaining("gpt-4o-mini=0.15/0.60");
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--prices=/no/such/prices.json"}, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--prices")
        .hasMessageContaining("/no/such/prices.json");
  }
}
