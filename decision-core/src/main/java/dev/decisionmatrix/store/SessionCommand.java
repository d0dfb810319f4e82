package dev.decisionmatrix.store;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.DecisionLimits;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.model.Option;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One change to a {@link Session}, applied by a store with {@link DecisionStore#apply(String,
 * SessionCommand)} under the session's lock (optionally only if the session is still at the
 * revision the caller read). Commands are pure: {@link #applyTo(Session)} computes the new version
 * from the current one and never touches a store, so a store that must retry (another writer got
 * there first) simply applies the command again to the newer version.
 *
 * <p>Every decision edit keeps the judgments that are still valid ({@link Session#withDecision}):
 * removing a cell drops its judgments, changing any text that reaches the judge's prompt drops the
 * judgments it shaped, and a weight change keeps them all. A finished evaluation is merged with
 * {@link MergeEvaluation}, which keeps hand-set scores and edits made while it ran.
 */
public sealed interface SessionCommand {

  /**
   * Computes the new version of a session.
   *
   * @param session the current version
   * @return the new version, with the same id
   * @throws InvalidDecisionException if the command does not fit the session (an unknown name, a
   *     duplicate, a limit exceeded)
   */
  Session applyTo(Session session);

  /**
   * Returns this command with a check that the edited decision stays within limits.
   *
   * @param limits the limits the edited decision must respect
   * @return the checked command
   */
  default SessionCommand within(DecisionLimits limits) {
    return new Checked(this, limits);
  }

  /**
   * Merges a finished, cancelled or partial evaluation with {@link Session#merge(Evaluation)}.
   *
   * @param evaluation the evaluation, of this or an earlier version of the session's decision
   * @return the command
   */
  static SessionCommand merge(Evaluation evaluation) {
    return new MergeEvaluation(evaluation);
  }

  /**
   * Sets a person's score for one cell, or clears the cell.
   *
   * @param option the option's name (case-insensitive)
   * @param criterion the criterion's name (case-insensitive)
   * @param score a {@linkplain Judgment.Scored#manual() hand-set} score, or {@code null} to clear
   * @return the command
   */
  static SessionCommand setScore(String option, String criterion, Judgment.@Nullable Scored score) {
    return new SetScore(option, criterion, score);
  }

  /**
   * A new topic; every model judgment is dropped, hand-set scores stay.
   *
   * @param topic the new topic
   */
  record SetTopic(String topic) implements SessionCommand {
    /** Checks the argument. */
    public SetTopic {
      Objects.requireNonNull(topic, "topic");
    }

    @Override
    public Session applyTo(Session session) {
      return session.withDecision(session.decision().withTopic(topic));
    }
  }

  /**
   * Adds an option; its cells start unjudged.
   *
   * @param option the option, whose name must be new to the decision
   */
  record AddOption(Option option) implements SessionCommand {
    /** Checks the argument. */
    public AddOption {
      Objects.requireNonNull(option, "option");
    }

    @Override
    public Session applyTo(Session session) {
      return session.withDecision(session.decision().withOption(option));
    }
  }

  /**
   * Removes an option and its judgments.
   *
   * @param name the option's name (case-insensitive)
   */
  record RemoveOption(String name) implements SessionCommand {
    /** Checks the argument. */
    public RemoveOption {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public Session applyTo(Session session) {
      return session.withDecision(session.decision().withoutOption(name));
    }
  }

  /**
   * Edits an option (its name or description); a new description drops the option's model
   * judgments, a new name alone keeps them.
   *
   * @param name the option's current name (case-insensitive)
   * @param edit computes the new option from the current one
   */
  record EditOption(String name, UnaryOperator<Option> edit) implements SessionCommand {
    /** Checks the arguments. */
    public EditOption {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(edit, "edit");
    }

    @Override
    public Session applyTo(Session session) {
      return session.withDecision(session.decision().withOptionEdited(name, edit));
    }
  }

  /**
   * Adds a criterion; its cells start unjudged.
   *
   * @param criterion the criterion, whose name must be new to the decision
   */
  record AddCriterion(Criterion criterion) implements SessionCommand {
    /** Checks the argument. */
    public AddCriterion {
      Objects.requireNonNull(criterion, "criterion");
    }

    @Override
    public Session applyTo(Session session) {
      return session.withDecision(session.decision().withCriterion(criterion));
    }
  }

  /**
   * Removes a criterion and its judgments.
   *
   * @param name the criterion's name (case-insensitive)
   */
  record RemoveCriterion(String name) implements SessionCommand {
    /** Checks the argument. */
    public RemoveCriterion {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public Session applyTo(Session session) {
      return session.withDecision(session.decision().withoutCriterion(name));
    }
  }

  /**
   * Edits a criterion. Judgments are kept when only the name or weight changed, and dropped when
   * anything that reaches the prompt changed (description, direction, rubric, backend, model,
   * temperature).
   *
   * @param name the criterion's current name (case-insensitive)
   * @param edit computes the new criterion from the current one
   */
  record EditCriterion(String name, UnaryOperator<Criterion> edit) implements SessionCommand {
    /** Checks the arguments. */
    public EditCriterion {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(edit, "edit");
    }

    @Override
    public Session applyTo(Session session) {
      return session.withDecision(session.decision().withCriterionEdited(name, edit));
    }
  }

  /**
   * Sets a criterion's weight; every judgment stays valid.
   *
   * @param criterion the criterion's name (case-insensitive)
   * @param weight the new weight
   */
  record SetWeight(String criterion, double weight) implements SessionCommand {
    /** Checks the argument. */
    public SetWeight {
      Objects.requireNonNull(criterion, "criterion");
    }

    @Override
    public Session applyTo(Session session) {
      return session.withDecision(session.decision().withWeight(criterion, weight));
    }
  }

  /**
   * Sets a person's score for one cell, or clears the cell. A hand-set score is never replaced by
   * a model's judgment, not even by an evaluation that was running when it was set.
   *
   * @param option the option's name (case-insensitive)
   * @param criterion the criterion's name (case-insensitive)
   * @param score a hand-set score, or {@code null} to clear the cell
   */
  record SetScore(String option, String criterion, Judgment.@Nullable Scored score) implements SessionCommand {
    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if the score is not {@linkplain Judgment.Scored#manual()
     *     hand-set}
     */
    public SetScore {
      Objects.requireNonNull(option, "option");
      Objects.requireNonNull(criterion, "criterion");
      if (score != null && !score.manual()) {
        throw new IllegalArgumentException("set a person's score with Judgment.Scored.manual(score, note); a model's judgment is merged with MergeEvaluation");
      }
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidDecisionException if a name is unknown or the criterion takes raw values
     */
    @Override
    public Session applyTo(Session session) {
      Criterion c = session.decision().criterion(criterion);
      if (c.isMeasured() && score != null) {
        throw new InvalidDecisionException(
            "criterion", c.name(), "takes raw values in " + unitText(c.measure()) + ", not scores; set its cells' values instead (set_value)");
      }
      return session.withEvaluation(session.evaluation().withJudgment(option, criterion, score));
    }
  }

  /**
   * Sets the raw value of one cell of a raw-valued criterion, or clears the cell. Like a hand-set
   * score, a value is never replaced by a model's judgment.
   *
   * @param option the option's name (case-insensitive)
   * @param criterion the criterion's name (case-insensitive); it must have a {@link Measure}
   * @param value the value, in the criterion's unit, or {@code null} to clear the cell
   */
  record SetValue(String option, String criterion, Judgment.@Nullable Measured value) implements SessionCommand {
    /** Checks the arguments. */
    public SetValue {
      Objects.requireNonNull(option, "option");
      Objects.requireNonNull(criterion, "criterion");
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidDecisionException if a name is unknown, the criterion is judged rather than
     *     raw-valued, or the value's unit is not the criterion's
     */
    @Override
    public Session applyTo(Session session) {
      Criterion c = session.decision().criterion(criterion);
      Measure measure = c.measure();
      if (measure == null) {
        throw new InvalidDecisionException(
            "criterion", c.name(), "is judged on the 1..10 scale, not raw-valued; set a score instead (set_score), or add a raw-valued criterion with a unit");
      }
      if (value != null && !measure.sameUnit(value.unit())) {
        throw new InvalidDecisionException(
            "unit", value.unit(), "does not match criterion \"" + c.name() + "\", whose values are in " + unitText(measure)
                + "; convert the value to " + unitText(measure) + " or give that unit");
      }
      Judgment.Measured stored = value == null ? null : new Judgment.Measured(value.value(), measure.unit(), value.note());
      return session.withEvaluation(session.evaluation().withJudgment(option, criterion, stored));
    }
  }

  /**
   * Sets several criteria's weights at once, all or none (for example the weights an AHP
   * comparison derived); every judgment stays valid.
   *
   * @param weights the new weight of each named criterion (names case-insensitive), in the order
   *     given
   */
  record SetWeights(java.util.Map<String, Double> weights) implements SessionCommand {
    /** Checks and copies the argument, keeping its order. */
    public SetWeights {
      Objects.requireNonNull(weights, "weights");
      weights = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(weights));
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidDecisionException if a name is unknown or a weight is out of range; then no
     *     weight changes
     */
    @Override
    public Session applyTo(Session session) {
      Decision decision = session.decision();
      for (java.util.Map.Entry<String, Double> e : weights.entrySet()) {
        decision = decision.withWeight(e.getKey(), e.getValue());
      }
      return session.withDecision(decision);
    }
  }

  private static String unitText(@Nullable Measure measure) {
    if (measure == null) {
      return "points";
    }
    return measure.isYesNo() ? "yes/no" : measure.unit().isEmpty() ? "plain numbers (no unit)" : measure.unit();
  }

  /**
   * Replaces the session's judging settings.
   *
   * @param settings the new settings; {@code null} means {@link SessionSettings#DEFAULTS}
   */
  record ChangeSettings(@Nullable SessionSettings settings) implements SessionCommand {
    @Override
    public Session applyTo(Session session) {
      return session.withSettings(settings);
    }
  }

  /**
   * Merges an evaluation into the session with {@link Session#merge(Evaluation)}.
   *
   * @param evaluation the finished, cancelled or partial evaluation
   */
  record MergeEvaluation(Evaluation evaluation) implements SessionCommand {
    /** Checks the argument. */
    public MergeEvaluation {
      Objects.requireNonNull(evaluation, "evaluation");
    }

    @Override
    public Session applyTo(Session session) {
      return session.merge(evaluation);
    }
  }

  /**
   * A command that applies only to one revision of the session (optimistic concurrency).
   *
   * @param revision the revision the caller read
   * @param command the command
   */
  record AtRevision(long revision, SessionCommand command) implements SessionCommand {
    /** Checks the arguments. */
    public AtRevision {
      Objects.requireNonNull(command, "command");
    }

    /**
     * {@inheritDoc}
     *
     * @throws SessionConflictException if the session is at another revision
     */
    @Override
    public Session applyTo(Session session) {
      if (session.revision() != revision) {
        throw new SessionConflictException(session.id(), revision, session.revision());
      }
      return command.applyTo(session);
    }
  }

  /**
   * A command whose edited decision is checked against limits.
   *
   * @param command the command
   * @param limits the limits
   */
  record Checked(SessionCommand command, DecisionLimits limits) implements SessionCommand {
    /** Checks the arguments. */
    public Checked {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Session applyTo(Session session) {
      Session changed = command.applyTo(session);
      Decision decision = changed.decision();
      if (decision != session.decision()) {
        limits.check(decision);
      }
      return changed;
    }
  }
}
