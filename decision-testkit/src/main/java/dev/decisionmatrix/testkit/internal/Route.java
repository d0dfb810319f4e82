package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.RecordedHeaders;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Where a request goes.
 *
 * @param kind chat, model listing, wrong method or unknown
 * @param protocol the protocol of the endpoint, null when unknown
 * @param pathModel Bedrock's model id decoded from the path, or null
 */
record Route(Kind kind, @Nullable Protocol protocol, @Nullable String pathModel) {

  enum Kind {
    CHAT,
    MODELS,
    WRONG_METHOD,
    UNKNOWN
  }

  private static final String BEDROCK_PREFIX = "/model/";
  private static final String BEDROCK_SUFFIX = "/converse";

  static Route of(String method, String rawPath, RecordedHeaders headers) {
    String path = rawPath.length() > 1 && rawPath.endsWith("/")
        ? rawPath.substring(0, rawPath.length() - 1)
        : rawPath;
    switch (path) {
      case "/v1/chat/completions", "/chat/completions" -> {
        return post(method, Protocol.OPENAI);
      }
      case "/v1/messages" -> {
        return post(method, Protocol.ANTHROPIC);
      }
      case "/api/chat" -> {
        return post(method, Protocol.OLLAMA);
      }
      case "/v1/models", "/models" -> {
        boolean anthropic = headers.contains("anthropic-version") || headers.contains("x-api-key");
        return get(method, anthropic ? Protocol.ANTHROPIC : Protocol.OPENAI);
      }
      case "/api/tags" -> {
        return get(method, Protocol.OLLAMA);
      }
      default -> {
        if (path.startsWith(BEDROCK_PREFIX)
            && path.endsWith(BEDROCK_SUFFIX)
            && path.length() > BEDROCK_PREFIX.length() + BEDROCK_SUFFIX.length()) {
          String raw = path.substring(BEDROCK_PREFIX.length(), path.length() - BEDROCK_SUFFIX.length());
          String model = decode(raw);
          if (model == null) {
            return new Route(Kind.UNKNOWN, null, null);
          }
          Route r = post(method, Protocol.BEDROCK);
          return new Route(r.kind(), r.protocol(), model);
        }
        return new Route(Kind.UNKNOWN, null, null);
      }
    }
  }

  private static Route post(String method, Protocol protocol) {
    return new Route(method.equals("POST") ? Kind.CHAT : Kind.WRONG_METHOD, protocol, null);
  }

  private static Route get(String method, Protocol protocol) {
    return new Route(method.equals("GET") ? Kind.MODELS : Kind.WRONG_METHOD, protocol, null);
  }

  /** Percent-decodes a path segment; a plus stays a plus. Returns null for a broken escape. */
  static @Nullable String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
