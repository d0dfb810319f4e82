package dev.decisionmatrix.store;

import static dev.decisionmatrix.store.contract.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.store.contract.StoreFixtures;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.model.Option;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionTest {

  private final Decision lunch =
      Decision.of("Lunch", List.of(Option.of("Pizza"), Option.of("Sushi")), List.of(Criterion.of("Taste"), Criterion.of("Price")));

  @Test
  void aNewSessionHasARandomValidIdAndNoJudgments() {
    Session first = Session.create(lunch, null, T0);
    Session second = Session.create(lunch, SessionSettings.DEFAULTS, T0);

    assertThat(UUID.fromString(first.id()).toString()).isEqualTo(first.id());
    assertThat(Session.isValidId(first.id())).isTrue();
    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(first.evaluation()).isEqualTo(Evaluation.empty(lunch));
    assertThat(first.settings()).isEqualTo(SessionSettings.DEFAULTS);
    assertThat(first.createdAt()).isEqualTo(T0).isEqualTo(first.lastUsedAt());
  }

  @Test
  void anEvaluationOfAnotherVersionIsMovedOntoTheSessionsDecision() {
    Evaluation judged = Evaluation.empty(lunch)
        .withJudgment("Pizza", "Taste", Judgment.Scored.of(8, "good", 0.9))
        .withJudgment("Sushi", "Taste", Judgment.Scored.of(9, "great", 0.9));
    Decision edited = lunch.withoutOption("Sushi").withWeight("Taste", 3);

    Session session = new Session("lunch", edited, judged, null, T0, T0);

    assertThat(session.evaluation().decision()).isEqualTo(edited);
    assertThat(session.evaluation().judgment("Pizza", "Taste")).isEqualTo(Judgment.Scored.of(8, "good", 0.9));
  }

  @Test
  void editingTheDecisionKeepsTheJudgmentsThatAreStillValid() {
    Session session = Session.create(lunch, null, T0)
        .withEvaluation(Evaluation.empty(lunch)
            .withJudgment("Pizza", "Taste", Judgment.Scored.of(8, "good", 0.9))
            .withJudgment("Pizza", "Price", Judgment.Scored.of(4, "cheap", 0.9)));

    Session edited = session.withDecision(lunch.withWeight("Price", 2).withCriterionEdited("Taste", c -> c.toBuilder().rubric("new").build()));

    assertThat(edited.evaluation().judgment("Pizza", "Price")).isEqualTo(Judgment.Scored.of(4, "cheap", 0.9));
    assertThat(edited.evaluation().judgment("Pizza", "Taste")).isNull();
  }

  @Test
  void touchingChangesOnlyTheLastUse() {
    Session session = Session.create(lunch, null, T0);

    Session touched = session.touchedAt(T0.plusSeconds(5));

    assertThat(touched.lastUsedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(touched.withSettings(session.settings()).touchedAt(T0)).isEqualTo(session);
  }

  @Test
  void idsAreLettersDigitsUnderscoresAndDashesUpToSixtyFourCharacters() {
    assertThat(Session.isValidId("a")).isTrue();
    assertThat(Session.isValidId("Team_offsite-2025")).isTrue();
    assertThat(Session.isValidId("x".repeat(64))).isTrue();
    assertThat(Session.isValidId("x".repeat(65))).isFalse();
    assertThat(Session.isValidId(null)).isFalse();
    assertThatThrownBy(() -> Session.requireValidId("../../etc/passwd"))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("../../etc/passwd");
  }
}
