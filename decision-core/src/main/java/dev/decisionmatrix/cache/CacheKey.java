package dev.decisionmatrix.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Identifies one judgment by the SHA-256 of a canonical form of everything that shapes the answer.
 * Build one with {@link #builder()}; two keys are equal when their digests are.
 *
 * <p>The canonical form is a sequence of {@code name=length:value} fields, so no two different
 * inputs can produce the same bytes by shifting text between fields.
 *
 * @param hex the SHA-256 digest as 64 lower-case hex digits
 */
public record CacheKey(String hex) {

  private static final HexFormat HEX = HexFormat.of();
  private static final MessageDigest SHA_256 = sha256();

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static boolean isDigest(@Nullable String hex) {
    if (hex == null || hex.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char ch = hex.charAt(i);
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Validates the digest text.
   *
   * @throws IllegalArgumentException if it is not 64 lower-case hex digits
   */
  public CacheKey {
    if (!isDigest(hex)) {
      throw new IllegalArgumentException("a cache key is 64 lower-case hex digits, not " + hex);
    }
  }

  /**
   * Starts a canonical form. Add the fields in a fixed order: the same fields in another order
   * give another key.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return hex.substring(0, 16);
  }

  /** Accumulates named fields into the canonical form; not thread-safe, use once. */
  public static final class Builder {
    private final StringBuilder canonical = new StringBuilder(256);

    private Builder() {}

    /**
     * Adds a field. {@code null} values are encoded distinctly from empty text.
     *
     * @param name the field's name
     * @param value the field's value, may be {@code null}
     * @return this builder
     */
    public Builder field(String name, @Nullable Object value) {
      canonical.append(name);
      if (value == null) {
        canonical.append("=-\n");
      } else {
        String text = String.valueOf(value);
        canonical.append('=').append(text.length()).append(':').append(text).append('\n');
      }
      return this;
    }

    /**
     * Hashes the fields added so far into a key.
     *
     * @return the SHA-256 key of the canonical form
     */
    public CacheKey build() {
      MessageDigest sha;
      try {
        // Cloning the prototype is cheaper than a provider look-up per key.
        sha = (MessageDigest) SHA_256.clone();
      } catch (CloneNotSupportedException e) {
        sha = sha256();
      }
      byte[] digest = sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return new CacheKey(HEX.formatHex(digest));
    }
  }
}
