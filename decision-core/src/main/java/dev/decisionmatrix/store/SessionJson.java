package dev.decisionmatrix.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.report.DecisionJson;
import java.io.Serial;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The session file format, schema version {@value #SCHEMA_VERSION}: the session's own fields
 * followed by the {@link DecisionJson} fields of its evaluation, in one flat object.
 *
 * <pre>{@code
 * {"schemaVersion": 1, "kind": "decision-matrix-session", "id": "...",
 *  "createdAt": "2025-01-31T10:15:30.123Z", "lastUsedAt": "...", "revision": 3, "owner": "alice",
 *  "settings": {"backend": null, "model": null, "temperature": null},
 *  "topic": ..., "criteria": [...], "options": [...], "cells": [...], "stats": {...}}
 * }</pre>
 *
 * Timestamps are ISO-8601 instants. Documented in {@code REPORTS.md}.
 */
final class SessionJson {

  static final int SCHEMA_VERSION = DecisionJson.SCHEMA_VERSION;

  static final String KIND = "decision-matrix-session";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * Files are UTF-8, which cannot hold a lone UTF-16 surrogate (it would silently become {@code ?}).
   * Writing every surrogate as a {@code \\uXXXX} escape keeps any Java string intact across a restart.
   */
  private static final CharacterEscapes SURROGATES_ESCAPED =
      new CharacterEscapes() {
        @Serial private static final long serialVersionUID = 1L;
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
          return ascii;
        }

        @Override
        public @Nullable SerializableString getEscapeSequence(int ch) {
          return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
      };

  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")))
          .with(SURROGATES_ESCAPED);

  private static final ObjectWriter COMPACT = MAPPER.writer().with(SURROGATES_ESCAPED);

  private SessionJson() {}

  /** Plain data as one line of JSON (no line breaks: strings escape them), for journals. */
  static String line(Object data) {
    try {
      return COMPACT.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain data failed to serialise", e);
    }
  }

  static String write(Session session) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("schemaVersion", SCHEMA_VERSION);
    map.put("kind", KIND);
    map.put("id", session.id());
    map.put("createdAt", session.createdAt().toString());
    map.put("lastUsedAt", session.lastUsedAt().toString());
    map.put("revision", session.revision());
    if (session.owner() != null) {
      map.put("owner", session.owner());
    }
    Map<String, @Nullable Object> settings = new LinkedHashMap<>();
    settings.put("backend", session.settings().backend());
    settings.put("model", session.settings().model());
    settings.put("temperature", session.settings().temperature());
    map.put("settings", settings);
    Map<String, Object> evaluation = DecisionJson.toMap(session.evaluation());
    evaluation.remove("schemaVersion");
    map.putAll(evaluation);
    try {
      return PRETTY.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain data failed to serialise", e);
    }
  }

  /** Parses JSON text into plain data; the top level must be an object. */
  static Map<String, @Nullable Object> parse(String json) throws JsonProcessingException {
    Object tree = MAPPER.readValue(json, Object.class);
    if (!(tree instanceof Map<?, ?> m)) {
      throw new InvalidDecisionException("session file", String.valueOf(tree), "must hold a JSON object");
    }
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    m.forEach((k, v) -> map.put(String.valueOf(k), v));
    return map;
  }

  /** Returns the file's schema version; a file without one is taken as version 1. */
  static long version(Map<String, @Nullable Object> map) {
    Object v = map.get("schemaVersion");
    if (v == null) {
      return 1;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw new InvalidDecisionException("schemaVersion", String.valueOf(v), "must be a whole number");
  }

  /**
   * Reads a session from parsed data of this schema version.
   *
   * @throws InvalidDecisionException naming the first bad field
   */
  static Session read(Map<String, @Nullable Object> map) {
    Object kind = map.get("kind");
    if (kind != null && !KIND.equals(kind)) {
      throw new InvalidDecisionException("kind", String.valueOf(kind), "must be \"" + KIND + "\"");
    }
    String id = string(map, "id");
    Instant createdAt = instant(map, "createdAt");
    Instant lastUsedAt = instant(map, "lastUsedAt");
    SessionSettings settings = SessionSettings.DEFAULTS;
    Object s = map.get("settings");
    if (s instanceof Map<?, ?> m) {
      settings = new SessionSettings(optionalString(m, "settings.backend"), optionalString(m, "settings.model"), optionalNumber(m, "settings.temperature"));
    } else if (s != null) {
      throw new InvalidDecisionException("settings", String.valueOf(s), "must be a JSON object");
    }
    Evaluation evaluation = DecisionJson.fromMap(map);
    Object revision = map.get("revision");
    if (revision != null && !(revision instanceof Integer || revision instanceof Long) || revision instanceof Number n && n.longValue() < 0) {
      throw new InvalidDecisionException("revision", String.valueOf(revision), "must be a whole number of at least 0");
    }
    long rev = revision == null ? 0 : ((Number) revision).longValue();
    Object owner = map.get("owner");
    if (owner != null && !(owner instanceof String)) {
      throw new InvalidDecisionException("owner", String.valueOf(owner), "must be a string, or absent for the local user");
    }
    return new Session(id, evaluation.decision(), evaluation, settings, createdAt, lastUsedAt, rev, (String) owner);
  }

  private static String string(Map<String, @Nullable Object> map, String field) {
    if (map.get(field) instanceof String text) {
      return text;
    }
    throw new InvalidDecisionException(field, map.get(field), "must be a string");
  }

  private static Instant instant(Map<String, @Nullable Object> map, String field) {
    String text = string(map, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidDecisionException(field, text, "must be an ISO-8601 instant such as 2025-01-31T10:15:30Z");
    }
  }

  private static @Nullable String optionalString(Map<?, ?> map, String path) {
    Object v = map.get(path.substring(path.indexOf('.') + 1));
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new InvalidDecisionException(path, String.valueOf(v), "must be a string or null");
  }

  private static @Nullable Double optionalNumber(Map<?, ?> map, String path) {
    Object v = map.get(path.substring(path.indexOf('.') + 1));
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new InvalidDecisionException(path, String.valueOf(v), "must be a number or null");
  }
}
