package dev.decisionmatrix.mcp.http;

import dev.decisionmatrix.mcp.tools.Caller;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens the HTTP endpoint accepts and the caller each one stands for. Only SHA-256
 * digests of the tokens are kept, so a tokens file never holds a usable secret. Immutable and
 * thread-safe.
 *
 * <ul>
 *   <li>{@link #none()}: no authentication (loopback only); every request is the local user.
 *   <li>{@link #single(String)}: one shared token ({@code DECISION_MATRIX_HTTP_TOKEN}); whoever
 *       sends it is the local user, so every client sees the same sessions.
 *   <li>{@link #parse(String, String)} / {@link #load(Path)}: a tokens file, one {@code
 *       principal:sha256:<hex digest of the token>} per line; each token is its principal, and a
 *       principal sees only the sessions it created. One principal may have several tokens (to
 *       rotate them); {@code #} starts a comment.
 * </ul>
 */
public final class BearerTokens {

  /** The longest principal name; names are 1 to this many of {@code A-Z a-z 0-9 . _ @ + -}. */
  public static final int MAX_PRINCIPAL_LENGTH = 64;

  private static final Pattern LINE = Pattern.compile("([A-Za-z0-9._@+-]{1," + MAX_PRINCIPAL_LENGTH + "}):sha256:([0-9A-Fa-f]{64})");
  private static final String FORMAT_HINT = "write principal:sha256:<the 64 hex digits of the token's SHA-256>,"
      + " e.g. alice:sha256:$(printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1)";

  private final Map<String, Caller> byDigest;
  private final int singleTokenLength;

  private BearerTokens(Map<String, Caller> byDigest, int singleTokenLength) {
    this.byDigest = Map.copyOf(byDigest);
    this.singleTokenLength = singleTokenLength;
  }

  /**
   * Returns no tokens: every request is accepted as the local user.
   *
   * @return the tokens
   */
  public static BearerTokens none() {
    return new BearerTokens(Map.of(), -1);
  }

  /**
   * Returns one shared token whose holder is the local user.
   *
   * @param token the token, or {@code null} (or blank) for none
   * @return the tokens
   */
  public static BearerTokens single(@Nullable String token) {
    if (token == null || token.isBlank()) {
      return none();
    }
    String t = token.strip();
    return new BearerTokens(Map.of(digest(t), Caller.LOCAL), t.length());
  }

  /**
   * Parses a tokens file's text.
   *
   * @param text the lines
   * @param source what to name in errors (the file)
   * @return the tokens
   * @throws IllegalArgumentException naming the line that is wrong and how to write it, or if the
   *     text holds no token; never quoting a digest
   */
  public static BearerTokens parse(String text, String source) {
    Map<String, Caller> byDigest = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (entry.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + " is not a token entry: " + FORMAT_HINT);
      }
      String digest = m.group(2).toLowerCase(Locale.ROOT);
      Caller caller = Caller.named(m.group(1));
      Caller before = byDigest.putIfAbsent(digest, caller);
      if (before != null && !before.equals(caller)) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + " gives principal \"" + m.group(1)
            + "\" a token that already belongs to \"" + before.principal() + "\"; give every principal its own token");
      }
    }
    if (byDigest.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no token; " + FORMAT_HINT);
    }
    return new BearerTokens(byDigest, -1);
  }

  /**
   * Reads a tokens file (UTF-8).
   *
   * @param file the file
   * @return the tokens
   * @throws IllegalArgumentException if the file cannot be read or an entry is wrong
   */
  public static BearerTokens load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException("the tokens file " + file + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("the tokens file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    return parse(text, "the tokens file " + file);
  }

  /** Returns whether requests must carry a token. */
  public boolean required() {
    return !byDigest.isEmpty();
  }

  /**
   * Returns the length of the one shared token, for the warnings about short tokens.
   *
   * @return the length, or {@code -1} without a shared token (none, or a tokens file of digests)
   */
  public int singleTokenLength() {
    return singleTokenLength;
  }

  /** Returns the names of the principals, sorted; empty without a tokens file. */
  public java.util.SortedSet<String> principals() {
    TreeSet<String> names = new TreeSet<>();
    byDigest.values().forEach(c -> {
      if (c.principal() != null) {
        names.add(c.principal());
      }
    });
    return java.util.Collections.unmodifiableSortedSet(names);
  }

  /**
   * Returns the caller an {@code Authorization} header stands for. Only the token's digest is
   * compared, so how long a lookup takes tells nothing about the secret.
   *
   * @param authorization the header's value, may be {@code null}
   * @return the caller, or empty if a token is required and the header carries no known one
   */
  public Optional<Caller> authenticate(@Nullable String authorization) {
    if (byDigest.isEmpty()) {
      return Optional.of(Caller.LOCAL);
    }
    if (authorization == null) {
      return Optional.empty();
    }
    String a = authorization.strip();
    if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.ofNullable(byDigest.get(digest(a.substring(7).strip())));
  }

  /**
   * Returns the hex SHA-256 digest of a token, as a tokens file holds it.
   *
   * @param token the token
   * @return 64 lower-case hex digits
   */
  public static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Names how many tokens there are, never a token or a digest. */
  @Override
  public String toString() {
    return byDigest.isEmpty() ? "BearerTokens[none]" : "BearerTokens[" + byDigest.size() + " token(s), " + principals().size() + " principal(s)]";
  }
}
