package dev.decisionmatrix.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.store.contract.StoreFixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw-valued criteria and their values in sessions: commands, persistence and old files. */
class RawValuesSessionTest {

  @TempDir Path root;

  private static Session session() {
    return session(StoreFixtures.T0);
  }

  private static Session session(java.time.Instant now) {
    Decision d = Decision.builder("Which hosting?")
        .option("Alpha").option("Beta")
        .criterion(Criterion.builder("Support").build())
        .criterion(Criterion.builder("Price").direction(Direction.COST).measure(Measure.of("EUR")).build())
        .criterion(Criterion.builder("EU region").measure(Measure.yesNo()).build())
        .build();
    return new Session("raw-1", d, Evaluation.empty(d), null, now, now);
  }

  @Test
  void aSessionWithRawValuesSurvivesARestartOfAFileStore() {
    Session s = new SessionCommand.SetValue("Alpha", "Price", new Judgment.Measured(12.5, "EUR", "list price")).applyTo(session(java.time.Instant.now()));
    s = new SessionCommand.SetValue("Beta", "EU region", Judgment.Measured.yesNo(true, "")).applyTo(s);
    s = SessionCommand.setScore("Beta", "Support", Judgment.Scored.manual(7, "")).applyTo(s);
    try (DecisionStore store = DecisionStore.files(root, StoreOptions.defaults())) {
      store.save(s);
    }
    try (DecisionStore store = DecisionStore.files(root, StoreOptions.defaults())) {
      Session back = store.get("raw-1").orElseThrow();
      assertThat(back.decision()).isEqualTo(s.decision());
      assertThat(back.decision().criterion("Price").measure()).isEqualTo(Measure.of("EUR"));
      assertThat(back.evaluation().cells()).isEqualTo(s.evaluation().cells());
      assertThat(back.evaluation().judgment("Alpha", "Price")).isEqualTo(new Judgment.Measured(12.5, "EUR", "list price"));
    }
  }

  @Test
  void aSessionFileWrittenBeforeRawValuesExistedStillLoadsWithJudgedCriteria() throws Exception {
    String old = """
        {"schemaVersion": 1, "kind": "decision-matrix-session", "id": "old-1",
         "createdAt": "2025-01-31T10:15:30Z", "lastUsedAt": "2025-01-31T10:16:00Z", "revision": 2,
         "settings": {"backend": null, "model": null, "temperature": null},
         "topic": "Which?",
         "criteria": [{"name": "Price", "description": "", "weight": 2.0, "direction": "cost", "rubric": "",
                       "backend": null, "model": null, "temperature": null}],
         "options": [{"name": "A", "description": ""}],
         "cells": [{"option": "A", "criterion": "Price", "state": "scored", "score": 4.0, "reasoning": "cheap",
                    "confidence": 0.9, "spread": 0.0, "samples": 1, "manual": false}],
         "stats": {}}
        """;
    Session s = SessionJson.read(SessionJson.parse(old));
    assertThat(s.decision().criterion("Price").isMeasured()).isFalse();
    assertThat(s.evaluation().judgment("A", "Price")).isEqualTo(Judgment.Scored.of(4, "cheap", 0.9));
    assertThat(SessionJson.write(s)).doesNotContain("\"unit\"");
  }

  @Test
  void aValueInAnotherUnitIsRefusedNamingBothUnitsAndTheFix() {
    assertThatThrownBy(() -> new SessionCommand.SetValue("Alpha", "Price", new Judgment.Measured(12, "USD", "")).applyTo(session()))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("USD")
        .hasMessageContaining("EUR")
        .hasMessageContaining("convert");
  }

  @Test
  void aValueForAJudgedCriterionAndAScoreForARawOneAreRefused() {
    assertThatThrownBy(() -> new SessionCommand.SetValue("Alpha", "Support", new Judgment.Measured(3, "", "")).applyTo(session()))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("set_score");
    assertThatThrownBy(() -> SessionCommand.setScore("Alpha", "Price", Judgment.Scored.manual(3, "")).applyTo(session()))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("set_value");
  }

  @Test
  void aUnitIsCaseInsensitiveAndStoredAsTheCriterionSpellsIt() {
    Session s = new SessionCommand.SetValue("Alpha", "Price", new Judgment.Measured(9, " eur ", "")).applyTo(session());
    assertThat(s.evaluation().judgment("Alpha", "Price")).isEqualTo(new Judgment.Measured(9, "EUR", ""));
    Session cleared = new SessionCommand.SetValue("Alpha", "Price", null).applyTo(s);
    assertThat(cleared.evaluation().judgment("Alpha", "Price")).isNull();
  }

  @Test
  void valuesSurviveRewordingAndModelEvaluationsButNotAChangeOfUnit() {
    Session s = new SessionCommand.SetValue("Alpha", "Price", new Judgment.Measured(9, "EUR", "")).applyTo(session());
    s = new SessionCommand.EditCriterion("Price", c -> c.withName("Monthly price")).applyTo(s);
    s = new SessionCommand.SetValue("Alpha", "Monthly price", new Judgment.Measured(9, "EUR", "")).applyTo(s);
    Session renamed = new SessionCommand.EditCriterion("Monthly price", c -> c.toBuilder().description("per month").weight(3).build()).applyTo(s);
    assertThat(renamed.evaluation().judgment("Alpha", "Monthly price")).isEqualTo(new Judgment.Measured(9, "EUR", ""));
    Evaluation model = renamed.evaluation().withJudgment("Alpha", "Monthly price", Judgment.Scored.of(2, "cheap", 0.5));
    assertThat(renamed.merge(model).evaluation().judgment("Alpha", "Monthly price")).isEqualTo(new Judgment.Measured(9, "EUR", ""));
    Session otherUnit = new SessionCommand.EditCriterion("Monthly price", c -> c.toBuilder().measure(Measure.of("USD")).build()).applyTo(renamed);
    assertThat(otherUnit.evaluation().judgment("Alpha", "Monthly price")).isNull();
  }

  @Test
  void settingSeveralWeightsAppliesAllOrNone() {
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("Support", 4.0);
    weights.put("price", 2.0);
    Session s = new SessionCommand.SetWeights(weights).applyTo(session());
    assertThat(s.decision().criterion("Support").weight()).isEqualTo(4.0);
    assertThat(s.decision().criterion("Price").weight()).isEqualTo(2.0);
    weights.put("EU region", 50.0);
    Session before = session();
    assertThatThrownBy(() -> new SessionCommand.SetWeights(weights).applyTo(before)).isInstanceOf(InvalidDecisionException.class);
    assertThat(before.decision().criterion("Support").weight()).isEqualTo(1.0);
  }
}
