package dev.decisionmatrix.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Token prices per provider and model. Immutable and thread-safe.
 *
 * <p>An entry names a model exactly ({@code gpt-4o-mini}), which also matches its dated snapshots
 * ({@code gpt-4o-mini-2024-07-18}) and {@code -latest} alias, or a prefix ending in {@code *}
 * ({@code my-finetune-*}); {@code *} alone matches every model. An entry may be limited to one
 * provider (a backend {@linkplain dev.decisionmatrix.llm.LlmBackend#id() id} such as {@code openai}
 * or {@code bedrock}). When several entries match, entries added later ({@link #with}) win over
 * earlier ones, then an entry for the provider over one for any provider, then the longest name.
 * Bedrock model ids are also looked up without their region and vendor prefix and version suffix,
 * so {@code us.anthropic.claude-sonnet-4-20250514-v1:0} finds {@code claude-sonnet-4}.
 *
 * <p>A model no entry matches has an unknown price: its cost is reported as unknown, never as 0.
 */
public final class PriceTable {

  private static final Pattern SNAPSHOT = Pattern.compile("-(?:\\d[\\d-]*|latest)");
  private static final Pattern BEDROCK_PREFIX = Pattern.compile("^(?:[a-z]{2,4}\\.)?[a-z0-9]+\\.(?=[a-z])");
  private static final Pattern BEDROCK_VERSION = Pattern.compile("-v\\d+(?::\\d+)?$");

  private static final PriceTable EMPTY = new PriceTable(List.of());
  private static final PriceTable DEFAULTS =
      EMPTY
          // OpenAI, list prices in US dollars per million tokens
          .with("openai", "gpt-4o", new Price(2.50, 10.00))
          .with("openai", "gpt-4o-mini", new Price(0.15, 0.60))
          .with("openai", "gpt-4.1", new Price(2.00, 8.00))
          .with("openai", "gpt-4.1-mini", new Price(0.40, 1.60))
          .with("openai", "gpt-4.1-nano", new Price(0.10, 0.40))
          .with("openai", "gpt-5", new Price(1.25, 10.00))
          .with("openai", "gpt-5-mini", new Price(0.25, 2.00))
          .with("openai", "gpt-5-nano", new Price(0.05, 0.40))
          // Anthropic, the same on Bedrock
          .withAnthropic("claude-opus-4", new Price(15.00, 75.00))
          .withAnthropic("claude-opus-4-1", new Price(15.00, 75.00))
          .withAnthropic("claude-opus-4-5", new Price(5.00, 25.00))
          .withAnthropic("claude-sonnet-4", new Price(3.00, 15.00))
          .withAnthropic("claude-sonnet-4-5", new Price(3.00, 15.00))
          .withAnthropic("claude-haiku-4-5", new Price(1.00, 5.00))
          .withAnthropic("claude-3-5-haiku", new Price(0.80, 4.00));

  private record Entry(@Nullable String provider, String name, boolean prefix, Price price, int layer) {

    boolean matches(String forProvider, String model) {
      if (provider != null && !provider.equals(forProvider)) {
        return false;
      }
      if (prefix) {
        return model.startsWith(name);
      }
      return model.equals(name) || model.startsWith(name) && SNAPSHOT.matcher(model.substring(name.length())).matches();
    }

    String display() {
      return (provider == null ? "" : provider + ":") + name + (prefix ? "*" : "") + "=" + price;
    }
  }

  private final List<Entry> entries;

  private PriceTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Returns the documented default prices of a few well-known models, in US dollars per million
   * input/output tokens: OpenAI {@code gpt-4o} 2.50/10, {@code gpt-4o-mini} 0.15/0.60, {@code
   * gpt-4.1} 2/8, {@code gpt-4.1-mini} 0.40/1.60, {@code gpt-4.1-nano} 0.10/0.40, {@code gpt-5}
   * 1.25/10, {@code gpt-5-mini} 0.25/2, {@code gpt-5-nano} 0.05/0.40 (provider {@code openai});
   * Anthropic (direct or on Bedrock) {@code claude-opus-4} and {@code claude-opus-4-1} 15/75,
   * {@code claude-opus-4-5} 5/25, {@code claude-sonnet-4} and {@code claude-sonnet-4-5} 3/15,
   * {@code claude-haiku-4-5} 1/5, {@code claude-3-5-haiku} 0.80/4. Prices change: override them
   * with {@link #with}. No other model has a price, local ones included.
   *
   * @return the default table
   */
  public static PriceTable defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a table without any price: every model's cost is unknown.
   *
   * @return the empty table
   */
  public static PriceTable empty() {
    return EMPTY;
  }

  /**
   * Returns a copy with one more entry, which wins over every entry already in the table.
   *
   * @param provider the backend id the entry is limited to, or {@code null} for any provider
   * @param model the model name, or a prefix ending in {@code *}, or {@code *} for every model
   * @param price the price
   * @return the new table; this one is unchanged
   * @throws IllegalArgumentException if the model name is blank
   */
  public PriceTable with(@Nullable String provider, String model, Price price) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a price entry needs a model name (or * for every model)");
    }
    if (price == null) {
      throw new IllegalArgumentException("a price entry for " + model + " needs a price");
    }
    String name = model.strip().toLowerCase(Locale.ROOT);
    boolean prefix = name.endsWith("*");
    if (prefix) {
      name = name.substring(0, name.length() - 1);
    }
    String p = provider == null || provider.isBlank() ? null : provider.strip().toLowerCase(Locale.ROOT);
    List<Entry> copy = new ArrayList<>(entries);
    copy.add(new Entry(p, name, prefix, price, topLayer() + 1));
    return new PriceTable(copy);
  }

  /**
   * Returns a copy with another table's entries on top: they win over this table's wherever both
   * match a model.
   *
   * @param overrides the entries to add
   * @return the new table; this one is unchanged
   */
  public PriceTable with(PriceTable overrides) {
    int base = topLayer() + 1;
    List<Entry> copy = new ArrayList<>(entries);
    for (Entry e : overrides.entries) {
      copy.add(new Entry(e.provider, e.name, e.prefix, e.price, base + e.layer));
    }
    return new PriceTable(copy);
  }

  private PriceTable withAnthropic(String model, Price price) {
    return with("anthropic", model, price).with("bedrock", model, price);
  }

  private int topLayer() {
    return entries.stream().mapToInt(Entry::layer).max().orElse(0);
  }

  /**
   * Returns the price of a model.
   *
   * @param provider the backend's id, e.g. {@code openai}
   * @param model the model, or {@code null} when the backend chose it (then only a {@code *} entry
   *     matches)
   * @return the price, or empty when no entry matches: the price is unknown
   */
  public Optional<Price> priceOf(String provider, @Nullable String model) {
    String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
    int colon = p.indexOf(':'); // sampling:claude-desktop:3 is priced as sampling
    if (colon > 0) {
      p = p.substring(0, colon);
    }
    String raw = model == null ? "" : model.strip().toLowerCase(Locale.ROOT);
    String bare = BEDROCK_VERSION.matcher(BEDROCK_PREFIX.matcher(raw).replaceFirst("")).replaceFirst("");
    String forProvider = p;
    Comparator<Entry> best =
        Comparator.comparingInt(Entry::layer)
            .thenComparing(e -> e.provider != null)
            .thenComparingInt(e -> e.name.length());
    return entries.stream()
        .filter(e -> e.matches(forProvider, raw) || !bare.equals(raw) && "bedrock".equals(forProvider) && e.matches(forProvider, bare))
        .max(best)
        .map(Entry::price);
  }

  /**
   * Reads a table from text: either JSON or a list of {@code model=IN/OUT} entries.
   *
   * <p>The list separates entries by commas, semicolons or new lines, e.g. {@code
   * gpt-4o-mini=0.15/0.60, my-model=1/2, ollama:*=0/0}; a name may start with one of the
   * providers {@code openai:}, {@code anthropic:}, {@code ollama:}, {@code bedrock:} or {@code
   * sampling:} (use the JSON array for other backend ids), and {@code #} starts a comment line. JSON is either an object of
   * model to price ({@code {"gpt-4o-mini": "0.15/0.60"}} or {@code {"gpt-4o-mini": {"input": 0.15,
   * "output": 0.60}}}) or an array of {@code {"provider": "openai", "model": "gpt-4o", "input":
   * 2.5, "output": 10}} ({@code provider} optional).
   *
   * @param text the entries
   * @return a table holding only these entries (combine with {@link #defaults()} by {@link #with})
   * @throws IllegalArgumentException naming the entry that does not parse and the expected form
   */
  public static PriceTable parse(String text) {
    return PriceSpec.parse(text, EMPTY);
  }

  /**
   * Reads a table from a file holding what {@link #parse} reads.
   *
   * @param file the file, UTF-8
   * @return the table
   * @throws IllegalArgumentException if the file cannot be read or does not parse, naming the file
   */
  public static PriceTable read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the price file " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the price file " + file + " is not valid: " + e.getMessage(), e);
    }
  }

  /**
   * Tells whether the table has no entry.
   *
   * @return {@code true} if every price is unknown
   */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Returns the entries as {@link #parse} reads them, in the order they were added.
   *
   * @return e.g. {@code openai:gpt-4o=2.5/10, my-model=1/2}
   */
  @Override
  public String toString() {
    return String.join(", ", entries.stream().map(Entry::display).toList());
  }
}
