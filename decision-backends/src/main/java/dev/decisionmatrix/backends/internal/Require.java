package dev.decisionmatrix.backends.internal;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the backends' builders; each names the argument in its message. */
public final class Require {

  /** Headers the backends set themselves; extra headers may not replace them. */
  private static final Set<String> RESERVED = Set.of("content-type", "accept", "content-length", "user-agent");

  private Require() {}

  /**
   * Returns a value if it is not {@code null}.
   *
   * @param <T> the value's type
   * @param value the value
   * @param name the argument's name
   * @return the value
   * @throws IllegalArgumentException if the value is {@code null}
   */
  public static <T> T nonNull(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /**
   * Returns the text, stripped, if it is not blank.
   *
   * @param value the value
   * @param name the argument's name
   * @return the stripped value
   * @throws IllegalArgumentException if the value is {@code null} or blank
   */
  public static String nonBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value.strip();
  }

  /**
   * Returns a secret, stripped, if it is usable in a header. The message never shows the value.
   *
   * @param value the secret
   * @param name the argument's name
   * @return the stripped secret
   * @throws IllegalArgumentException if the secret is blank or holds line breaks or control characters
   */
  public static String secret(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    String s = value.strip();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(name + " must not contain line breaks or control characters (value not shown)");
      }
    }
    return s;
  }

  /**
   * Returns a timeout if it is positive and at most a day.
   *
   * @param value the timeout
   * @param name the argument's name
   * @return the timeout
   * @throws IllegalArgumentException if it is {@code null}, zero, negative or longer than a day
   */
  public static Duration timeout(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
    if (value.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(name + " must be at most one day but was " + value);
    }
    return value;
  }

  /**
   * Checks an extra header: a valid name and value that the JDK client accepts, and not one the
   * backend sets itself.
   *
   * @param name the header name
   * @param value the header value
   * @throws IllegalArgumentException if the header is invalid, restricted or reserved
   */
  public static void header(String name, String value) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("header name must not be blank");
    }
    if (value == null) {
      throw new IllegalArgumentException("header " + name + " must have a value");
    }
    if (RESERVED.contains(name.strip().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("header " + name + " is set by the backend and cannot be replaced");
    }
    try {
      HttpRequest.newBuilder().header(name.strip(), value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("header " + name.strip() + " is not allowed or its value is invalid (value not shown)");
    }
  }
}
