package dev.decisionmatrix.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The headers of a recorded request, with case-insensitive names (stored in lower case). The
 * accessors return the real values so tests can check that a client sent its key; {@link
 * #toString()} redacts secrets ({@code Authorization}, {@code x-api-key}, {@code api-key}, {@code
 * x-amz-security-token}, cookies and similar) as {@code ***}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordedHeaders {

  private static final Set<String> SECRET_NAMES =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-api-key",
          "api-key",
          "x-goog-api-key",
          "x-amz-security-token",
          "cookie",
          "set-cookie");

  private static final RecordedHeaders EMPTY = new RecordedHeaders(Map.of());

  private final Map<String, List<String>> byName;

  private RecordedHeaders(Map<String, List<String>> byName) {
    this.byName = byName;
  }

  /**
   * Copies headers; names are lower-cased and values of names that differ only in case merged.
   *
   * @param headers the headers
   * @return the copy
   * @throws NullPointerException if the map, a name or a value is null
   */
  public static RecordedHeaders of(Map<String, ? extends List<String>> headers) {
    TreeMap<String, List<String>> merged = new TreeMap<>();
    headers.forEach(
        (name, values) -> {
          List<String> list =
              merged.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
          list.addAll(values);
        });
    TreeMap<String, List<String>> frozen = new TreeMap<>();
    merged.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new RecordedHeaders(Collections.unmodifiableMap(frozen));
  }

  /**
   * Returns the empty headers.
   *
   * @return the empty headers
   */
  public static RecordedHeaders empty() {
    return EMPTY;
  }

  /**
   * Tells whether a header name carries a secret that printouts redact.
   *
   * @param name the header name, any case
   * @return true for secret-bearing names
   */
  public static boolean isSecret(String name) {
    return SECRET_NAMES.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the name, any case
   * @return the value, or null when the header is absent
   */
  public @Nullable String first(String name) {
    List<String> values = byName.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Returns all values of a header.
   *
   * @param name the name, any case
   * @return the values, empty when the header is absent
   */
  public List<String> all(String name) {
    return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * Tells whether a header is present.
   *
   * @param name the name, any case
   * @return true when present
   */
  public boolean contains(String name) {
    return byName.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the header names, lower case, sorted.
   *
   * @return the names
   */
  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * Returns the headers as an unmodifiable map with lower-case names and real (unredacted) values.
   * Beware: the map's own {@code toString} does not redact.
   *
   * @return the map
   */
  public Map<String, List<String>> asMap() {
    return byName;
  }

  /**
   * Returns the headers as a map with secret values replaced by {@code ***}.
   *
   * @return the redacted map
   */
  public Map<String, List<String>> redacted() {
    TreeMap<String, List<String>> out = new TreeMap<>();
    byName.forEach(
        (name, values) ->
            out.put(name, isSecret(name) ? values.stream().map(v -> "***").toList() : values));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Returns the headers with secrets redacted.
   *
   * @return a printable form
   */
  @Override
  public String toString() {
    return redacted().toString();
  }

  /**
   * Compares names and values.
   *
   * @param o the other object
   * @return true for equal headers
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RecordedHeaders other && byName.equals(other.byName);
  }

  /**
   * Returns a hash of names and values.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return byName.hashCode();
  }
}
