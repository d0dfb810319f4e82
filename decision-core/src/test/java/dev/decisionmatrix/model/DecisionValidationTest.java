package dev.decisionmatrix.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionValidationTest {

  @Test
  void namesAreTrimmedAndDescriptionsDefaultToEmpty() {
    Option option = new Option("  AWS  ", null);
    assertThat(option.name()).isEqualTo("AWS");
    assertThat(option.description()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void rejectsBlankNames(String name) {
    assertThatThrownBy(() -> Option.of(name)).isInstanceOf(InvalidDecisionException.class).hasMessageContaining("option.name").hasMessageContaining("blank");
    assertThatThrownBy(() -> Criterion.of(name)).isInstanceOf(InvalidDecisionException.class).hasMessageContaining("criterion.name");
  }

  @Test
  void rejectsMissingTopic() {
    assertThatThrownBy(() -> Decision.of(null, List.of(), List.of())).hasMessageContaining("topic").hasMessageContaining("(missing)");
    assertThatThrownBy(() -> Decision.of(" ", List.of(), List.of())).hasMessageContaining("topic").hasMessageContaining("blank");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.09, 10.01, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsWeightsOutsideTheRange(double weight) {
    assertThatThrownBy(() -> Criterion.of("Cost", null, weight))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("criterion \"Cost\".weight")
        .hasMessageContaining("between 0.1 and 10");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 1.0, 10.0})
  void acceptsWeightsAtTheBounds(double weight) {
    assertThat(Criterion.of("Cost", null, weight).weight()).isEqualTo(weight);
  }

  @Test
  void rejectsWeightAboveTenWhenChangingIt() {
    Decision d = Decision.builder("t").option("a").criterion("Cost").build();
    assertThatThrownBy(() -> d.withWeight("cost", 11)).hasMessageContaining("weight").hasMessageContaining("(11.0)");
  }

  @Test
  void rejectsTemperatureOutsideZeroToTwoButAllowsZero() {
    assertThat(Criterion.builder("x").temperature(0.0).build().temperature()).isZero();
    assertThatThrownBy(() -> Criterion.builder("x").temperature(2.5).build()).hasMessageContaining("temperature").hasMessageContaining("0 and 2");
  }

  @Test
  void rejectsDuplicateOptionNamesIgnoringCase() {
    assertThatThrownBy(() -> Decision.builder("t").option("AWS").option(" aws ").criterion("c").build())
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("options[1].name")
        .hasMessageContaining("duplicates options[0] \"AWS\"");
  }

  @Test
  void rejectsDuplicateCriterionNamesIgnoringCase() {
    Decision d = Decision.builder("t").option("a").criterion("Cost").build();
    assertThatThrownBy(() -> d.withCriterion(Criterion.of("COST"))).hasMessageContaining("criteria[1].name");
  }

  @Test
  void rejectsNullElements() {
    List<Option> options = new ArrayList<>();
    options.add(null);
    assertThatThrownBy(() -> Decision.of("t", options, List.of())).hasMessageContaining("options[0]");
  }

  @Test
  void limitsNameTheFieldTheShortenedValueAndTheRule() {
    String longName = "x".repeat(250);
    assertThatThrownBy(() -> Decision.builder("t").option(longName).build())
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("options[0].name")
        .hasMessageContaining("(250 characters)")
        .hasMessageContaining("at most 200 characters")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
  }

  @Test
  void limitsCapOptionsCriteriaAndDescriptions() {
    DecisionLimits limits = DecisionLimits.DEFAULTS;
    Decision.Builder tooMany = Decision.builder("t");
    for (int i = 0; i <= limits.maxOptions(); i++) {
      tooMany.option("o" + i);
    }
    assertThatThrownBy(tooMany::build).hasMessageContaining("at most 200 options");
    Decision.Builder tooManyCriteria = Decision.builder("t");
    for (int i = 0; i <= limits.maxCriteria(); i++) {
      tooManyCriteria.criterion("c" + i);
    }
    assertThatThrownBy(tooManyCriteria::build).hasMessageContaining("at most 100 criteria");
    assertThatThrownBy(() -> Decision.builder("t").option("o", "d".repeat(2001)).build()).hasMessageContaining("options[0].description");
    assertThatThrownBy(() -> Decision.builder("t".repeat(2001)).build()).hasMessageContaining("topic");
    assertThatThrownBy(() -> Decision.builder("t").criterion(Criterion.builder("c").rubric("r".repeat(4001)).build()).build())
        .hasMessageContaining("criteria[0].rubric");
  }

  @Test
  void hundredByFiftyFitsTheDefaultLimits() {
    Decision.Builder b = Decision.builder("big");
    for (int i = 0; i < 100; i++) {
      b.option("Option " + i, "d".repeat(2000));
    }
    for (int i = 0; i < 50; i++) {
      b.criterion("Criterion " + i);
    }
    assertThat(b.build().cellCount()).isEqualTo(5000);
  }

  @Test
  void editsReturnNewDecisionsAndLeaveTheOriginalAlone() {
    Decision d = Decision.builder("t").option("a").option("b").criterion("c", 2).build();
    Decision edited = d.withOption(Option.of("z")).withoutOption("A").withOptionRenamed("b", "beta")
        .withCriterion(Criterion.of("d")).withCriterionRenamed("C", "cost").withWeight("cost", 3).withoutCriterion("d");

    assertThat(d.options()).extracting(Option::name).containsExactly("a", "b");
    assertThat(edited.options()).extracting(Option::name).containsExactly("beta", "z");
    assertThat(edited.criteria()).extracting(Criterion::name).containsExactly("cost");
    assertThat(edited.criterion("COST").weight()).isEqualTo(3);
  }

  @Test
  void unknownNamesAreRejectedListingTheKnownOnes() {
    Decision d = Decision.builder("t").option("AWS").option("GCP").criterion("Cost").build();
    assertThatThrownBy(() -> d.withoutOption("Azure")).hasMessageContaining("\"Azure\"").hasMessageContaining("known options: AWS, GCP");
    assertThatThrownBy(() -> d.withWeight("Speed", 2)).hasMessageContaining("known criteria: Cost");
  }

  @Test
  void renamingOntoAnExistingNameIsRejected() {
    Decision d = Decision.builder("t").option("a").option("b").build();
    assertThatThrownBy(() -> d.withOptionRenamed("a", "B")).hasMessageContaining("duplicates");
  }

  @Test
  void listsAreImmutableCopies() {
    List<Option> options = new ArrayList<>(List.of(Option.of("a")));
    Decision d = Decision.of("t", options, List.of());
    options.add(Option.of("b"));
    assertThat(d.options()).hasSize(1);
    assertThatThrownBy(() -> d.options().add(Option.of("c"))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void directionParsesCommonSpellingsAndRejectsOthers() {
    assertThat(Direction.parse("Cost")).isEqualTo(Direction.COST);
    assertThat(Direction.parse("lower_is_better")).isEqualTo(Direction.COST);
    assertThat(Direction.parse("benefit")).isEqualTo(Direction.BENEFIT);
    assertThatThrownBy(() -> Direction.parse("sideways")).hasMessageContaining("direction").hasMessageContaining("\"benefit\" or \"cost\"");
  }

  @Test
  void judgedLikeIgnoresWeightButNotText() {
    Criterion c = Criterion.builder("Cost").description("TCO").weight(2).build();
    assertThat(c.judgedLike(c.withWeight(7))).isTrue();
    assertThat(c.judgedLike(c.toBuilder().description("price").build())).isFalse();
    assertThat(c.judgedLike(c.toBuilder().direction(Direction.COST).build())).isFalse();
  }
}
