package dev.decisionmatrix.backends.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A validated base URL of a provider: absolute, {@code http} or {@code https}, with a host, without
 * query or fragment, without user info, and without a trailing slash, so it can be printed in
 * messages and logs.
 *
 * @param uri the normalized URI
 */
public record BaseUrl(URI uri) {

  /**
   * Parses and normalizes a base URL.
   *
   * @param text the URL text
   * @param what what the URL is, for the error message (e.g. {@code "baseUrl"} or {@code "OPENAI_BASE_URL"})
   * @return the base URL
   * @throws IllegalArgumentException if the text is not an absolute http(s) URL with a host
   */
  public static BaseUrl parse(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    String s = text.strip();
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(what + " is not a valid URL: " + safe(s));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(what + " must start with http:// or https:// but was " + safe(s));
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(what + " must name a host but was " + safe(s));
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(what + " must not have a query or fragment but was " + safe(s));
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    // User info is dropped: the JDK client does not send it, and it must never reach a message.
    String normalized = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path;
    try {
      return new BaseUrl(new URI(normalized));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(what + " is not a valid URL: " + safe(s));
    }
  }

  /**
   * Returns the URL of an endpoint below this base URL.
   *
   * @param path the endpoint's path relative to the base, without a leading slash, e.g. {@code chat/completions}
   * @return the endpoint's URI
   */
  public URI resolve(String path) {
    return URI.create(uri.toString() + "/" + path);
  }

  /** Returns the host name. */
  public String host() {
    return uri.getHost();
  }

  /** Returns the port, or the scheme's default port when the URL names none. */
  public int port() {
    return portOf(uri);
  }

  /** Returns the path without a trailing slash, possibly empty. */
  public String path() {
    return uri.getRawPath() == null ? "" : uri.getRawPath();
  }

  /** Returns this base URL without the given path suffix (e.g. {@code /v1}), if it ends with it. */
  public BaseUrl withoutSuffix(String suffix) {
    String path = path();
    if (!path.endsWith(suffix)) {
      return this;
    }
    String s = uri.toString();
    return new BaseUrl(URI.create(s.substring(0, s.length() - suffix.length())));
  }

  /** Returns {@code host:port} of a URI, with the scheme's default port when it names none. */
  public static String hostPort(URI uri) {
    return uri.getHost() + ":" + portOf(uri);
  }

  /** Returns a URI for messages: scheme, host, port and path, without user info or query. */
  public static String display(URI uri) {
    StringBuilder b = new StringBuilder();
    b.append(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() >= 0) {
      b.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      b.append(uri.getRawPath());
    }
    return b.toString();
  }

  private static int portOf(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  // A malformed URL may still carry credentials (user:secret@host); never echo that part.
  /** The text of a rejected URL as messages may show it: no query or fragment, no user info (either may hold a secret). */
  private static String safe(String s) {
    String t = s;
    int query = indexOfAny(t, '?', '#');
    if (query >= 0) {
      t = t.substring(0, query) + "?...";
    }
    int scheme = t.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = indexOfAny(t.substring(start), '/', '?');
    String authority = end < 0 ? t.substring(start) : t.substring(start, start + end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      t = t.substring(0, start) + "***" + t.substring(start + at);
    }
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /** Returns the URL without user info, safe to print. */
  @Override
  public String toString() {
    return display(uri);
  }
}
