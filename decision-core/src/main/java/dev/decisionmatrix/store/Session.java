package dev.decisionmatrix.store;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.InvalidDecisionException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A named decision workspace: the current version of a decision, the judgments made for it, the
 * session's judging settings and when it was created and last used. Immutable and thread-safe;
 * a {@link DecisionStore} holds the current version of each session.
 *
 * <p>The evaluation always belongs to the session's decision: the constructor moves an evaluation
 * of another version onto the decision with {@link Evaluation#withDecision(Decision)}, which keeps
 * every judgment that is still valid. So an evaluation that ran while the decision was being edited
 * merges correctly into the edited decision.
 *
 * <p>Ids are 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 _ -} (nothing that could
 * name another file), and stores compare them ignoring case, like option and criterion names.
 *
 * @param id the session's id, see {@link #isValidId(String)}
 * @param decision the current version of the decision
 * @param evaluation the judgments of the decision's cells
 * @param settings the session's judging settings; {@link SessionSettings#DEFAULTS} if none were given
 * @param createdAt when the session was created
 * @param lastUsedAt when the session was last saved or updated; expiry counts from here
 * @param revision how many times the session was changed through {@link DecisionStore#update} or
 *     {@link DecisionStore#apply}: 0 for a new session, one more after each change. Writers that
 *     must not act on a stale copy pass the revision they read to {@link DecisionStore#apply(String,
 *     long, SessionCommand)}.
 * @param owner who the session belongs to: the name of the principal that created it, or {@code
 *     null} for the local user (a library, a stdio server, an HTTP server with one token). It never
 *     changes: stores refuse an update that would change it. The MCP server shows each principal
 *     only the sessions it owns.
 */
public record Session(
    String id,
    Decision decision,
    Evaluation evaluation,
    SessionSettings settings,
    Instant createdAt,
    Instant lastUsedAt,
    long revision,
    @Nullable String owner) {

  /** Longest allowed id. */
  public static final int MAX_ID_LENGTH = 64;

  /** Longest allowed owner name. */
  public static final int MAX_OWNER_LENGTH = 128;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_ID_LENGTH + "}");

  /**
   * Validates the session and moves the evaluation onto the decision if it belongs to another
   * version of it.
   *
   * @param id the session's id, see {@link #isValidId(String)}
   * @param decision the current version of the decision
   * @param evaluation the judgments, of this or another version of the decision
   * @param settings the session's judging settings; {@code null} means {@link
   *     SessionSettings#DEFAULTS}
   * @param createdAt when the session was created
   * @param lastUsedAt when the session was last saved or updated
   * @param revision the number of changes so far, at least 0
   * @param owner the principal the session belongs to, or {@code null} for the local user
   * @throws InvalidDecisionException if the id is not valid, or the owner is blank or longer than
   *     {@value #MAX_OWNER_LENGTH} characters
   * @throws NullPointerException if the decision, evaluation or a timestamp is {@code null}
   * @throws IllegalArgumentException if the revision is negative
   */
  public Session(
      String id,
      Decision decision,
      Evaluation evaluation,
      @Nullable SessionSettings settings,
      Instant createdAt,
      Instant lastUsedAt,
      long revision,
      @Nullable String owner) {
    requireValidId(id);
    if (owner != null && (owner.isBlank() || owner.length() > MAX_OWNER_LENGTH)) {
      throw new InvalidDecisionException("owner", owner, "must be null or 1 to " + MAX_OWNER_LENGTH + " characters, not blank");
    }
    if (revision < 0) {
      throw new IllegalArgumentException("revision must not be negative but was " + revision);
    }
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    if (settings == null) {
      settings = SessionSettings.DEFAULTS;
    }
    evaluation = evaluation.decision().equals(decision) ? evaluation : evaluation.withDecision(decision);
    this.id = id;
    this.decision = decision;
    this.evaluation = evaluation;
    this.settings = settings;
    this.createdAt = createdAt;
    this.lastUsedAt = lastUsedAt;
    this.revision = revision;
    this.owner = owner;
  }

  /**
   * Creates a session of the local user; see the canonical constructor.
   *
   * @param id the session's id, see {@link #isValidId(String)}
   * @param decision the current version of the decision
   * @param evaluation the judgments, of this or another version of the decision
   * @param settings the session's judging settings; {@code null} means {@link
   *     SessionSettings#DEFAULTS}
   * @param createdAt when the session was created
   * @param lastUsedAt when the session was last saved or updated
   * @param revision the number of changes so far, at least 0
   */
  public Session(
      String id,
      Decision decision,
      Evaluation evaluation,
      @Nullable SessionSettings settings,
      Instant createdAt,
      Instant lastUsedAt,
      long revision) {
    this(id, decision, evaluation, settings, createdAt, lastUsedAt, revision, null);
  }

  /**
   * Creates a session at revision 0; see the canonical constructor.
   *
   * @param id the session's id, see {@link #isValidId(String)}
   * @param decision the current version of the decision
   * @param evaluation the judgments, of this or another version of the decision
   * @param settings the session's judging settings; {@code null} means {@link
   *     SessionSettings#DEFAULTS}
   * @param createdAt when the session was created
   * @param lastUsedAt when the session was last saved or updated
   */
  public Session(
      String id,
      Decision decision,
      Evaluation evaluation,
      @Nullable SessionSettings settings,
      Instant createdAt,
      Instant lastUsedAt) {
    this(id, decision, evaluation, settings, createdAt, lastUsedAt, 0);
  }

  /**
   * Creates a new session with a random id (a UUID) and no judgments.
   *
   * @param decision the decision
   * @param settings the judging settings; {@code null} means {@link SessionSettings#DEFAULTS}
   * @param now the creation time, also used as the last use
   * @return the session
   * @throws NullPointerException if the decision or the time is {@code null}
   */
  public static Session create(Decision decision, @Nullable SessionSettings settings, Instant now) {
    return create(decision, settings, now, null);
  }

  /**
   * Creates a new session of an owner with a random id (a UUID from a cryptographically strong
   * generator, so ids cannot be guessed) and no judgments.
   *
   * @param decision the decision
   * @param settings the judging settings; {@code null} means {@link SessionSettings#DEFAULTS}
   * @param now the creation time, also used as the last use
   * @param owner the principal the session belongs to, or {@code null} for the local user
   * @return the session
   * @throws NullPointerException if the decision or the time is {@code null}
   */
  public static Session create(Decision decision, @Nullable SessionSettings settings, Instant now, @Nullable String owner) {
    return new Session(UUID.randomUUID().toString(), decision, Evaluation.empty(decision), settings, now, now, 0, owner);
  }

  /**
   * Tells whether a text is a valid session id: 1 to {@value #MAX_ID_LENGTH} characters of
   * {@code A-Z a-z 0-9 _ -}.
   *
   * @param id the text, may be {@code null}
   * @return {@code true} if it is a valid id
   */
  public static boolean isValidId(@Nullable String id) {
    return id != null && ID.matcher(id).matches();
  }

  /**
   * Checks a session id.
   *
   * @param id the id, may be {@code null}
   * @return the id
   * @throws InvalidDecisionException naming the id and the rule if it is not valid
   */
  public static String requireValidId(@Nullable String id) {
    if (!isValidId(id)) {
      throw new InvalidDecisionException(
          "session id", id, "must be 1 to " + MAX_ID_LENGTH + " characters of A-Z, a-z, 0-9, '_' and '-'");
    }
    return id;
  }

  /** The key stores index an id by (and name its file after): ids are compared ignoring case. */
  static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  /**
   * Returns a copy with an edited decision; judgments that are still valid are kept.
   *
   * @param edited the new version of the decision
   * @return the copy
   */
  public Session withDecision(Decision edited) {
    return new Session(id, edited, evaluation.withDecision(edited), settings, createdAt, lastUsedAt, revision, owner);
  }

  /**
   * Returns a copy with other judgments. An evaluation of another version of the decision (for
   * example one that ran while the decision was edited) is moved onto this session's decision,
   * keeping the judgments that are still valid.
   *
   * @param newEvaluation the judgments
   * @return the copy
   */
  public Session withEvaluation(Evaluation newEvaluation) {
    return new Session(id, decision, newEvaluation, settings, createdAt, lastUsedAt, revision, owner);
  }

  /**
   * Returns a copy with other judging settings.
   *
   * @param newSettings the settings; {@code null} means {@link SessionSettings#DEFAULTS}
   * @return the copy
   */
  public Session withSettings(@Nullable SessionSettings newSettings) {
    return new Session(id, decision, evaluation, newSettings, createdAt, lastUsedAt, revision, owner);
  }

  /**
   * Returns a copy last used at another time.
   *
   * @param when the time of use
   * @return the copy
   */
  public Session touchedAt(Instant when) {
    return new Session(id, decision, evaluation, settings, createdAt, when, revision, owner);
  }

  /**
   * Returns a copy where an evaluation that ran on this or an earlier version of the decision is
   * merged in with {@link Evaluation#merge(Evaluation)}: hand-set scores and edits made meanwhile
   * are kept, judgments of removed or reworded cells are dropped.
   *
   * @param finished the finished or partial evaluation
   * @return the copy
   */
  public Session merge(Evaluation finished) {
    return new Session(id, decision, evaluation.merge(finished), settings, createdAt, lastUsedAt, revision, owner);
  }

  /** A copy as a store writes it after a change: last used now, at the given revision. */
  Session stamped(Instant now, long newRevision) {
    return new Session(id, decision, evaluation, settings, createdAt, now, newRevision, owner);
  }
}
