package dev.decisionmatrix.mcp.http;

import java.net.URI;
import java.net.URISyntaxException;
import dev.decisionmatrix.mcp.tools.Caller;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may talk to the HTTP endpoint: which Host header values (DNS-rebinding protection), which
 * Origin header values (browsers), and which bearer tokens stand for which caller. Immutable and
 * thread-safe.
 */
public final class HttpSecurity {

  /** Host names always accepted: the loopback names. */
  public static final List<String> LOOPBACK_HOSTS = List.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> hosts;
  private final boolean anyHost;
  private final Set<String> origins;
  private final BearerTokens tokens;

  /**
   * Creates the policy.
   *
   * @param extraHosts host names to accept besides the loopback names ({@code "*"}: any)
   * @param extraOrigins origins to accept besides those on an accepted host
   * @param tokens the bearer tokens clients must send, and the caller each stands for
   */
  public HttpSecurity(List<String> extraHosts, List<String> extraOrigins, BearerTokens tokens) {
    Set<String> h = new LinkedHashSet<>(LOOPBACK_HOSTS);
    boolean any = false;
    for (String host : extraHosts) {
      String n = host.strip().toLowerCase(Locale.ROOT);
      if (n.equals("*")) {
        any = true;
      } else if (!n.isEmpty()) {
        h.add(hostName(n));
      }
    }
    this.hosts = Set.copyOf(h);
    this.anyHost = any;
    Set<String> o = new LinkedHashSet<>();
    for (String origin : extraOrigins) {
      if (!origin.isBlank()) {
        o.add(stripSlash(origin.strip().toLowerCase(Locale.ROOT)));
      }
    }
    this.origins = Set.copyOf(o);
    this.tokens = java.util.Objects.requireNonNull(tokens, "tokens");
  }

  /** Returns whether the tokens stand for several named principals (a tokens file). */
  public boolean hasPrincipals() {
    return !tokens.principals().isEmpty();
  }

  /** Returns whether clients must send a bearer token. */
  public boolean requiresToken() {
    return tokens.required();
  }

  /**
   * Tells whether a Host header value is accepted.
   *
   * @param host the header's value, may be {@code null}
   * @return {@code true} if accepted
   */
  public boolean hostAllowed(@Nullable String host) {
    if (anyHost) {
      return true;
    }
    if (host == null || host.isBlank()) {
      return false;
    }
    return hosts.contains(hostName(host.strip().toLowerCase(Locale.ROOT)));
  }

  /**
   * Tells whether an Origin header value is accepted: a listed origin, or an http(s) origin on an
   * accepted host.
   *
   * @param origin the header's value
   * @return {@code true} if accepted
   */
  public boolean originAllowed(String origin) {
    String o = stripSlash(origin.strip().toLowerCase(Locale.ROOT));
    if (origins.contains(o)) {
      return true;
    }
    try {
      URI uri = new URI(o);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        return false;
      }
      String host = uri.getHost();
      return host != null && !anyHost && hosts.contains(host.startsWith("[") || !host.contains(":") ? host : "[" + host + "]");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Returns the caller an Authorization header stands for; see {@link BearerTokens#authenticate}.
   *
   * @param authorization the header's value, may be {@code null}
   * @return the caller (the local user when no token is required), or empty if the header does
   *     not carry an accepted token
   */
  public Optional<Caller> authenticate(@Nullable String authorization) {
    return tokens.authenticate(authorization);
  }

  /** The host name of a Host header value or host pattern: without the port, IPv6 in brackets. */
  static String hostName(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
      return host.substring(0, colon);
    }
    return colon >= 0 ? "[" + host + "]" : host;
  }

  private static String stripSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }
}
