package dev.decisionmatrix.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameNormalisationTest {

  private static final String ETE_COMPOSED = "\u00e9t\u00e9";
  private static final String ETE_DECOMPOSED = "e\u0301te\u0301";

  @Test
  void composedAndDecomposedAccentsAreTheSameOptionNameAndTheErrorSaysWhy() {
    assertThatThrownBy(() -> Decision.of("t", List.of(Option.of(ETE_COMPOSED), Option.of(ETE_DECOMPOSED)), List.of()))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("options[1].name")
        .hasMessageContaining("duplicates options[0]")
        .hasMessageContaining("NFKC normalisation and case folding");
  }

  @Test
  void fullWidthLettersAreTheSameCriterionNameAsTheirPlainForm() {
    assertThatThrownBy(() -> Decision.of("t", List.of(), List.of(Criterion.of("\uff21lpha"), Criterion.of("alpha"))))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("criteria[1].name")
        .hasMessageContaining("duplicates criteria[0]");
  }

  @Test
  void lookupsFindANameWrittenInAnotherNormalisationForm() {
    Decision d = Decision.of("t", List.of(Option.of(ETE_COMPOSED)), List.of(Criterion.of("\uff21lpha")));
    assertThat(d.optionIndex(ETE_DECOMPOSED.toUpperCase(java.util.Locale.ROOT))).isZero();
    assertThat(d.criterionIndex("ALPHA")).isZero();
    assertThat(Decision.sameName("Stra\u00dfe", "STRASSE")).isTrue();
    assertThat(Decision.sameName("Alpha", "Alpha2")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\u200b", "\u00a0", "\ufeff", "\u200b\u00a0\ufeff", " \u2060 "})
  void aNameMadeOnlyOfInvisibleCharactersIsBlank(String name) {
    assertThatThrownBy(() -> Option.of(name))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("option.name")
        .hasMessageContaining("must not be blank")
        .hasMessageContaining("invisible");
    assertThatThrownBy(() -> Criterion.of(name)).hasMessageContaining("criterion.name").hasMessageContaining("invisible");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Alpha\u001b[31m", "Al\u0000pha", "Al\npha", "Al\tpha", "Al\u007fpha", "Al\u2028pha"})
  void controlCharactersInsideANameAreRejectedAndNotEchoedRaw(String name) {
    assertThatThrownBy(() -> Option.of(name))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("control character U+")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0000").doesNotContain("\u007f"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"})
  void bidirectionalOverridesAndIsolatesAreRejectedInNames(String control) {
    assertThatThrownBy(() -> Criterion.of("Price" + control + "321"))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("criterion.name")
        .hasMessageContaining("bidirectional control character U+")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(control));
  }

  @Test
  void ordinaryNamesWithAccentsEmojiAndInnerSpacesAreKept() {
    assertThat(Option.of("  Caf\u00e9 \u2615 Bar ").name()).isEqualTo("Caf\u00e9 \u2615 Bar");
    assertThat(Criterion.of("\u05e2\u05d1\u05e8\u05d9\u05ea").name()).isEqualTo("\u05e2\u05d1\u05e8\u05d9\u05ea");
  }
}
