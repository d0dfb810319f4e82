package dev.decisionmatrix.backends.internal;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Removes secrets from text before it reaches a message or a log: the configured key itself, and
 * anything that looks like a bearer token or a provider key ({@code sk-...}, {@code sk-ant-...}).
 * Providers sometimes echo (part of) a rejected key in their error bodies. Immutable and thread-safe.
 */
public final class Redactor {

  private static final Pattern KEY_LIKE =
      Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}|\\b(sk|rk|pk)-[A-Za-z0-9_*.-]{6,}|\\bAKIA[A-Z0-9]{12,}");

  private static final Redactor NONE = new Redactor(List.of());

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * Creates a redactor for the given secrets (blank and very short values are ignored: they would
   * redact ordinary words).
   *
   * @param secrets the secrets, {@code null} entries allowed
   * @return the redactor
   */
  public static Redactor of(@Nullable String... secrets) {
    List<String> list = new java.util.ArrayList<>();
    for (String s : secrets) {
      if (s != null && s.strip().length() >= 4) {
        list.add(s.strip());
      }
    }
    // Longest first, so a secret that contains another is replaced whole.
    list.sort(java.util.Comparator.comparingInt(String::length).reversed());
    return list.isEmpty() ? NONE : new Redactor(List.copyOf(list));
  }

  /**
   * Creates a redactor for an API key and for the values of those extra headers whose names suggest
   * a secret ({@code authorization}, {@code *key*}, {@code *token*}, {@code *secret*}, {@code cookie}).
   *
   * @param apiKey the API key, or {@code null}
   * @param headers extra headers
   * @return the redactor
   */
  public static Redactor forKeyAndHeaders(@Nullable String apiKey, java.util.Map<String, String> headers) {
    List<String> all = new java.util.ArrayList<>();
    all.add(apiKey);
    headers.forEach(
        (name, value) -> {
          String n = name.toLowerCase(java.util.Locale.ROOT);
          if (n.contains("auth") || n.contains("key") || n.contains("token") || n.contains("secret") || n.contains("cookie")) {
            all.add(value);
            int space = value.indexOf(' ');
            if (space > 0) {
              all.add(value.substring(space + 1)); // "Bearer xyz": also the bare token
            }
          }
        });
    return of(all.toArray(String[]::new));
  }

  /**
   * Returns the text with every secret replaced by {@code ***}.
   *
   * @param text the text, may be {@code null}
   * @return the redacted text ({@code ""} for {@code null})
   */
  public String redact(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, "***");
    }
    return KEY_LIKE.matcher(out).replaceAll(m -> m.group(1) != null ? m.group(1) + "***" : "***");
  }
}
