package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.RankingMethod;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The {@code method} and {@code missing} arguments every ranking tool takes, read the same way. */
final class RankingArguments {

  private RankingArguments() {}

  /** The policies' names as a JSON array, for schemas. */
  static String policyNames() {
    return Arrays.stream(MissingDataPolicy.values()).map(p -> "\"" + p.id() + "\"").collect(Collectors.joining(",", "[", "]"));
  }

  /** The stock ranking methods' names as a JSON array, for schemas. */
  static String methodNames() {
    return RankingMethod.all().stream().map(m -> "\"" + m.name() + "\"").collect(Collectors.joining(",", "[", "]"));
  }

  /** The {@code missing} argument, or the default policy when absent. */
  static MissingDataPolicy missing(Arguments args) {
    String name = args.text("missing");
    if (name == null) {
      return MissingDataPolicy.DEFAULT;
    }
    try {
      return MissingDataPolicy.byName(name);
    } catch (IllegalArgumentException e) {
      throw new ToolInputException("argument \"missing\" is \"" + name + "\", which is not a missing-data policy",
          "Use worst (default), mean, neutral or exclude.");
    }
  }

  /** The {@code methods} argument: a list of method names, or every stock method when absent. */
  static java.util.List<RankingMethod> methods(Arguments args) {
    java.util.List<Object> names = args.list("methods");
    if (names == null) {
      return RankingMethod.all();
    }
    if (names.isEmpty()) {
      throw new ToolInputException("argument \"methods\" is an empty list", "Name at least one method, or leave methods out to compare all.");
    }
    java.util.List<RankingMethod> out = new java.util.ArrayList<>();
    for (Object name : names) {
      RankingMethod m;
      try {
        m = RankingMethod.byName(name instanceof String text ? text : String.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new ToolInputException("argument \"methods\" names \"" + name + "\", which is not a ranking method",
            "Use any of: " + RankingMethod.all().stream().map(RankingMethod::name).collect(Collectors.joining(", ")) + ".");
      }
      if (out.stream().anyMatch(known -> known.name().equals(m.name()))) {
        throw new ToolInputException("argument \"methods\" names " + m.name() + " twice", "Name each method once.");
      }
      out.add(m);
    }
    return out;
  }

  /** The {@code method} argument, or the weighted sum when absent. */
  static RankingMethod method(Arguments args) {
    String name = args.text("method");
    if (name == null) {
      return RankingMethod.weightedSum();
    }
    try {
      return RankingMethod.byName(name);
    } catch (IllegalArgumentException e) {
      throw new ToolInputException("argument \"method\" is \"" + name + "\", which is not a ranking method",
          "Use one of: " + RankingMethod.all().stream().map(RankingMethod::name).collect(Collectors.joining(", ")) + " (default weighted-sum).");
    }
  }
}
