package dev.decisionmatrix.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads the two written forms of a price table: a {@code model=IN/OUT} list, or JSON. */
final class PriceSpec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "ollama", "bedrock", "sampling");

  private PriceSpec() {}

  static PriceTable parse(String text, PriceTable table) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the price list is empty; write entries like gpt-4o-mini=0.15/0.60");
    }
    String t = text.strip();
    return t.startsWith("{") || t.startsWith("[") ? json(t, table) : list(t, table);
  }

  private static PriceTable list(String text, PriceTable table) {
    PriceTable result = table;
    for (String line : text.split("\\R")) {
      if (line.strip().startsWith("#")) {
        continue;
      }
      for (String entry : line.split("[,;]")) {
        String e = entry.strip();
        if (e.isEmpty()) {
          continue;
        }
        int eq = e.lastIndexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "the price entry '" + e + "' is not of the form model=IN/OUT (dollars per million input/output tokens), e.g. gpt-4o-mini=0.15/0.60");
        }
        String name = e.substring(0, eq).strip();
        Price price;
        try {
          price = Price.parse(e.substring(eq + 1));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException("the price entry '" + e + "': " + bad.getMessage(), bad);
        }
        String provider = null;
        int colon = name.indexOf(':');
        if (colon > 0 && PROVIDERS.contains(name.substring(0, colon).toLowerCase(java.util.Locale.ROOT))) {
          provider = name.substring(0, colon);
          name = name.substring(colon + 1);
        }
        result = result.with(provider, name, price);
      }
    }
    return result;
  }

  private static PriceTable json(String text, PriceTable table) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the price table is not valid JSON (line " + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(), e);
    }
    PriceTable result = table;
    if (root.isObject()) {
      for (Map.Entry<String, JsonNode> field : root.properties()) {
        result = result.with(null, field.getKey(), price(field.getKey(), field.getValue()));
      }
      return result;
    }
    int i = 0;
    for (JsonNode item : root) {
      String where = "price entry [" + i++ + "]";
      if (!item.isObject() || !item.path("model").isTextual()) {
        throw new IllegalArgumentException(where + " needs a \"model\" and \"input\" and \"output\" prices, e.g. "
            + "{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"input\": 2.5, \"output\": 10}");
      }
      String provider = item.path("provider").isTextual() ? item.get("provider").asText() : null;
      result = result.with(provider, item.get("model").asText(), price(where + " (" + item.get("model").asText() + ")", item));
    }
    return result;
  }

  private static Price price(String where, @Nullable JsonNode value) {
    if (value != null && value.isTextual()) {
      try {
        return Price.parse(value.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    if (value == null || !value.isObject() || !value.path("input").isNumber() || !value.path("output").isNumber()) {
      throw new IllegalArgumentException(where + ": a price is \"IN/OUT\" or {\"input\": IN, \"output\": OUT}, in dollars per million tokens");
    }
    try {
      return new Price(value.get("input").asDouble(), value.get("output").asDouble());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
