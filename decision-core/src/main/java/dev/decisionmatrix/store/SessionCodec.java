package dev.decisionmatrix.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.decisionmatrix.model.InvalidDecisionException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns a session into the JSON text of the session file format ({@code REPORTS.md}) and back, for
 * stores that keep sessions outside this module (for example in Redis).
 */
public final class SessionCodec {

  private SessionCodec() {}

  /**
   * Writes a session as JSON text.
   *
   * @param session the session
   * @return the session file's text
   */
  public static String toJson(Session session) {
    return SessionJson.write(Objects.requireNonNull(session, "session"));
  }

  /**
   * Reads a session from JSON text written by {@link #toJson}.
   *
   * @param json the text
   * @return the session
   * @throws InvalidDecisionException naming the first bad field, if the text is not a session of a
   *     schema version this library reads
   */
  public static Session fromJson(String json) {
    Map<String, @Nullable Object> map;
    try {
      map = SessionJson.parse(json);
    } catch (JsonProcessingException e) {
      throw new InvalidDecisionException("session", "JSON text", "must be valid JSON: " + e.getOriginalMessage());
    }
    long version = SessionJson.version(map);
    if (version > SessionJson.SCHEMA_VERSION) {
      throw new InvalidDecisionException("schemaVersion", String.valueOf(version),
          "is newer than this library reads (" + SessionJson.SCHEMA_VERSION + "); upgrade Decision Matrix");
    }
    return SessionJson.read(map);
  }
}
