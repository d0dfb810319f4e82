package dev.decisionmatrix.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.llm.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

  @Test
  void theDefaultsPriceWellKnownModelsAndTheirDatedSnapshots() {
    PriceTable prices = PriceTable.defaults();

    assertThat(prices.priceOf("openai", "gpt-4o-mini")).contains(new Price(0.15, 0.60));
    assertThat(prices.priceOf("openai", "gpt-4o-mini-2024-07-18")).contains(new Price(0.15, 0.60));
    assertThat(prices.priceOf("openai", "gpt-4o")).contains(new Price(2.50, 10.00));
    assertThat(prices.priceOf("anthropic", "claude-sonnet-4-20250514")).contains(new Price(3, 15));
    assertThat(prices.priceOf("anthropic", "claude-opus-4-5-20251101")).as("the longer name wins").contains(new Price(5, 25));
    assertThat(prices.priceOf("anthropic", "claude-3-5-haiku-latest")).contains(new Price(0.80, 4));
  }

  @Test
  void bedrockModelIdsArePricedAsTheModelTheyName() {
    assertThat(PriceTable.defaults().priceOf("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0")).contains(new Price(3, 15));
    assertThat(PriceTable.defaults().priceOf("bedrock", "anthropic.claude-haiku-4-5-20251001-v1:0")).contains(new Price(1, 5));
  }

  @Test
  void unknownModelsLocalModelsAndTheBackendsOwnChoiceHaveNoPrice() {
    PriceTable prices = PriceTable.defaults();

    assertThat(prices.priceOf("openai", "my-finetune")).isEmpty();
    assertThat(prices.priceOf("ollama", "llama3.2")).isEmpty();
    assertThat(prices.priceOf("openai", null)).isEmpty();
    assertThat(prices.priceOf("openai", "gpt-4o-audio-preview")).as("not a dated snapshot of gpt-4o").isEmpty();
    assertThat(prices.priceOf("sampling:claude-desktop:1", "claude-sonnet-4")).as("the MCP host pays for its own model").isEmpty();
  }

  @Test
  void aListOfModelPricesOverridesTheDefaults() {
    PriceTable prices = PriceTable.defaults().with(PriceTable.parse("gpt-4o-mini=0.10/0.40, my-model=1/2; ollama:*=0/0"));

    assertThat(prices.priceOf("openai", "gpt-4o-mini")).contains(new Price(0.10, 0.40));
    assertThat(prices.priceOf("openai", "my-model")).contains(new Price(1, 2));
    assertThat(prices.priceOf("ollama", "qwen2:7b")).contains(Price.FREE);
    assertThat(prices.priceOf("openai", "qwen2:7b")).as("the wildcard is for ollama only").isEmpty();
  }

  @Test
  void jsonObjectsAndArraysAreReadToo() {
    PriceTable object = PriceTable.parse("{\"my-model\": \"1/2\", \"other\": {\"input\": 3, \"output\": 4}}");
    PriceTable array = PriceTable.parse("[{\"provider\": \"custom\", \"model\": \"m*\", \"input\": 0.5, \"output\": 1.5}]");

    assertThat(object.priceOf("openai", "my-model")).contains(new Price(1, 2));
    assertThat(object.priceOf("openai", "other")).contains(new Price(3, 4));
    assertThat(array.priceOf("custom", "m-large")).contains(new Price(0.5, 1.5));
    assertThat(array.priceOf("openai", "m-large")).isEmpty();
  }

  @Test
  void aPriceFileIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.txt");
    Files.writeString(file, "# our negotiated prices\ngpt-4o=2/8\n");

    assertThat(PriceTable.read(file).priceOf("openai", "gpt-4o")).contains(new Price(2, 8));
  }

  @Test
  void badEntriesAreRejectedNamingTheEntryAndTheExpectedForm() {
    assertThatThrownBy(() -> PriceTable.parse("gpt-4o=cheap")).hasMessageContaining("gpt-4o=cheap").hasMessageContaining("0.15/0.60");
    assertThatThrownBy(() -> PriceTable.parse("gpt-4o")).hasMessageContaining("model=IN/OUT");
    assertThatThrownBy(() -> PriceTable.parse("gpt-4o=-1/2")).hasMessageContaining("at least 0");
    assertThatThrownBy(() -> PriceTable.parse("{\"m\": 3}")).hasMessageContaining("m:").hasMessageContaining("IN/OUT");
    assertThatThrownBy(() -> PriceTable.parse("{oops")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> PriceTable.read(Path.of("/nonexistent/prices.json"))).hasMessageContaining("/nonexistent/prices.json");
  }

  @Test
  void aPriceCostsTokensPerMillion() {
    assertThat(new Price(0.15, 0.60).cost(new TokenUsage(1_000_000, 500_000))).isEqualTo(0.45, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(Price.parse(" 2.5 / 10 ")).isEqualTo(new Price(2.5, 10));
    assertThat(new Price(2.5, 10)).hasToString("2.5/10");
  }

  @Test
  void anUnknownPriceIsSaidNotHiddenAsZero() {
    Cost known = Cost.of(0.0123);
    Cost partly = known.plus(Cost.unpriced("openai/my-model"));

    assertThat(known.describe()).isEqualTo("$0.012");
    assertThat(partly.isKnown()).isFalse();
    assertThat(partly.describe()).isEqualTo("$0.012 plus an unknown price for openai/my-model");
    assertThat(Cost.unpriced("ollama/llama3.2").describe()).isEqualTo("unknown price (ollama/llama3.2)");
    assertThat(Cost.ZERO.describe()).isEqualTo("$0");
    assertThat(Cost.dollars(12.345)).isEqualTo("$12.35");
    assertThat(Optional.of(partly.usd())).contains(0.0123);
  }

  @Test
  void aBudgetRejectsLimitsThatCannotBeMet() {
    assertThatThrownBy(() -> Budget.calls(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Budget.dollars(0)).hasMessageContaining("positive");
    assertThat(Budget.NONE.isLimited()).isFalse();
    assertThat(Budget.calls(3).isLimited()).isTrue();
  }
}
