package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input to every tool gives an {@code isError} result that names the problem
 * and says how to fix it, and a failed start leaves no session behind.
 */
class BadInputTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;
  private static String sessionId;
  private static String emptySessionId;

  @BeforeAll
  static void startServer() {
    // Only "ollama" is configured: openai and friends are known but not configured.
    server = new TestServer(new FakeBackends(Map.of("ollama", new CountingBackend("ollama")), null), null);
    sessionId = server.startSession(RecordingContext.plain());
    emptySessionId = (String) server.call("start_decision_analysis", Map.of("topic", "Empty", "options", java.util.List.of("A", "B")))
        .structured().get("session_id");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static Stream<Arguments> badCalls() {
    String longTopic = "t".repeat(2_001);
    String longName = "n".repeat(201);
    String longText = "d".repeat(2_001);
    return Stream.of(
        // start_decision_analysis
        bad("start_decision_analysis", "{}", "argument \"topic\" is required"),
        bad("start_decision_analysis", "{\"topic\": 5, \"options\": [\"a\", \"b\"]}", "\"topic\" must be a text but was a number"),
        bad("start_decision_analysis", "{\"topic\": \"   \", \"options\": [\"a\", \"b\"]}", "\"topic\" must not be blank"),
        bad("start_decision_analysis", "{\"topic\": \"T\"}", "argument \"options\" is required"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": \"a, b\"}", "\"options\" must be an array but was a text"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": \"[broken\"}", "not a valid JSON array"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\"]}", "at least 2"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"Redis\", \"redis \"]}", "duplicates"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", 3]}", "options[1] must be an option name or an object"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", {\"description\": \"x\"}]}", "\"options[1].name\" is required"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"  \"]}", "options[1].name must not be blank"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", {\"name\": \"b\", \"colour\": \"red\"}]}", "unknown argument \"options[1].colour\""),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"initial_criteria\": [{\"name\": \"C\", \"weight\": 11}]}",
            "\"initial_criteria[0].weight\" is 11 but must be between 0.1 and 10"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"initial_criteria\": [{\"name\": \"C\", \"weight\": 0}]}",
            "must be between 0.1 and 10"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"initial_criteria\": [{\"name\": \"C\", \"weight\": \"heavy\"}]}",
            "must be a number but was the text \"heavy\""),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"initial_criteria\": [{\"name\": \"C\", \"direction\": \"up\"}]}",
            "must be \"benefit\" or \"cost\""),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"initial_criteria\": [{\"name\": \"Cost\"}, {\"name\": \"COST\"}]}",
            "duplicates"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"initial_criteria\": [\"Cost\"]}",
            "initial_criteria[0] must be an object but was a text"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"initial_criteria\": [{\"name\": \"C\", \"colour\": 1}]}",
            "unknown argument \"initial_criteria[0].colour\""),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"initial_criteria\": [{\"name\": \"C\", \"model_backend\": \"openai\"}]}",
            "\"openai\" is not configured on this server"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"model_backend\": \"gpt\"}", "\"gpt\" is not a known backend"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"model_backend\": \"anthropic\"}", "not configured on this server"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"model_backend\": \"sampling\"}", "does not support sampling"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"temperature\": 3}", "\"temperature\" is 3 but must be between 0 and 2"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"b\"], \"colour\": \"red\"}", "unknown argument \"colour\""),
        bad("start_decision_analysis", "{\"topic\": \"" + longTopic + "\", \"options\": [\"a\", \"b\"]}", "must be at most 2000 characters"),
        bad("start_decision_analysis", "{\"topic\": \"T\", \"options\": [\"a\", \"" + longName + "\"]}", "must be at most 200 characters"),
        // add_option
        bad("add_option", "{\"option_name\": \"X\"}", "argument \"session_id\" is required"),
        bad("add_option", "{\"session_id\": \"no-such-session\", \"option_name\": \"X\"}", "No session \"no-such-session\""),
        bad("add_option", "{\"session_id\": \"../etc/passwd\", \"option_name\": \"X\"}", "session id"),
        bad("add_option", "{\"session_id\": \"$SID\"}", "argument \"option_name\" is required"),
        bad("add_option", "{\"session_id\": \"$SID\", \"option_name\": \"postgresql\"}", "duplicates"),
        bad("add_option", "{\"session_id\": \"$SID\", \"option_name\": \"X\", \"name\": \"Y\"}", "mean the same but differ"),
        bad("add_option", "{\"session_id\": \"$SID\", \"option_name\": \"X\", \"description\": \"" + longText + "\"}", "must be at most 2000 characters"),
        bad("add_option", "{\"session_id\": \"$SID\", \"option_name\": [\"X\"]}", "must be a text but was an array"),
        // remove_option
        bad("remove_option", "{\"session_id\": \"$SID\", \"option_name\": \"Oracle\"}", "no such option; known options: PostgreSQL, MySQL"),
        bad("remove_option", "{\"session_id\": \"$SID\"}", "argument \"option_name\" is required"),
        // add_criterion
        bad("add_criterion", "{\"session_id\": \"$SID\"}", "argument \"name\" is required"),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Speed\", \"weight\": 10.5}", "must be between 0.1 and 10"),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Speed\", \"temperature\": -1}", "must be between 0 and 2"),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Speed\", \"model_backend\": \"skynet\"}", "\"skynet\" is not a known backend"),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Speed\", \"model_backend\": \"bedrock\"}", "not configured"),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"reliability\"}", "duplicates"),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Speed\", \"rubric\": \"" + "r".repeat(4_001) + "\"}", "must be at most 4000 characters"),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Speed\", \"rubric\": \"a\", \"custom_prompt\": \"b\"}", "mean the same but differ"),
        bad("add_criterion", "{\"session_id\": \"no-such-session\", \"name\": \"Speed\"}", "No session"),
        // update_criterion
        bad("update_criterion", "{\"session_id\": \"$SID\", \"criterion_name\": \"Cost\"}", "nothing to change"),
        bad("update_criterion", "{\"session_id\": \"$SID\", \"criterion_name\": \"Speed\", \"weight\": 2}", "no such criterion; known criteria: Reliability, Cost"),
        bad("update_criterion", "{\"session_id\": \"$SID\", \"criterion_name\": \"Cost\", \"weight\": 20}", "must be between 0.1 and 10"),
        bad("update_criterion", "{\"session_id\": \"$SID\", \"criterion_name\": \"Cost\", \"new_name\": \"RELIABILITY\"}", "duplicates"),
        bad("update_criterion", "{\"session_id\": \"$SID\", \"criterion_name\": \"Cost\", \"direction\": \"sideways\"}", "must be \"benefit\" or \"cost\""),
        bad("update_criterion", "{\"session_id\": \"$SID\", \"criterion_name\": \"Cost\", \"model_backend\": \"openai\"}", "not configured"),
        bad("update_criterion", "{\"session_id\": \"$SID\", \"weight\": 2}", "argument \"criterion_name\" is required"),
        // remove_criterion
        bad("remove_criterion", "{\"session_id\": \"$SID\", \"criterion_name\": \"Beauty\"}", "no such criterion"),
        // set_score
        bad("set_score", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Cost\", \"score\": 11}", "\"score\" is 11 but must be between 1 and 10"),
        bad("set_score", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Cost\", \"score\": 0.5}", "must be between 1 and 10"),
        bad("set_score", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Cost\", \"score\": \"high\"}", "must be a number"),
        bad("set_score", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Cost\"}", "argument \"score\" is required"),
        bad("set_score", "{\"session_id\": \"$SID\", \"option\": \"Oracle\", \"criterion\": \"Cost\", \"score\": 5}", "no such option"),
        bad("set_score", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Beauty\", \"score\": 5}", "no such criterion"),
        bad("set_score", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Cost\", \"score\": 5, \"note\": \"" + longText + "\"}",
            "at most 2000 are allowed"),
        bad("set_score", "{\"session_id\": \"$SID\", \"criterion\": \"Cost\", \"score\": 5}", "argument \"option\" is required"),
        // evaluate_options
        bad("evaluate_options", "{}", "argument \"session_id\" is required"),
        bad("evaluate_options", "{\"session_id\": \"gone\"}", "No session \"gone\""),
        bad("evaluate_options", "{\"session_id\": \"$SID\", \"scope\": \"some\"}", "must be \"missing\", \"failed\" or \"all\""),
        bad("evaluate_options", "{\"session_id\": \"$SID\"}", "no judge is available"),
        bad("evaluate_options", "{\"session_id\": \"$EMPTY\"}", "has no criteria"),
        // get_decision_matrix and the session tools
        bad("get_decision_matrix", "{}", "argument \"session_id\" is required"),
        bad("get_decision_matrix", "{\"session_id\": \"gone\"}", "No session \"gone\""),
        bad("get_decision_matrix", "{\"session_id\": 42}", "must be a text but was a number"),
        bad("get_decision_matrix", "{\"session_id\": \"$SID\", \"missing\": \"zero\"}", "not a missing-data policy"),
        bad("compare_methods", "{\"session_id\": \"$SID\", \"methods\": [\"dice\"]}", "not a ranking method"),
        bad("compare_methods", "{\"session_id\": \"$SID\", \"methods\": []}", "empty list"),
        bad("compare_methods", "{\"session_id\": \"$SID\", \"methods\": [\"topsis\", \"TOPSIS\"]}", "twice"),
        // sensitivity_analysis and compare_options
        bad("sensitivity_analysis", "{\"session_id\": \"$SID\", \"trials\": 1000001}", "must be between 0 and 100000"),
        bad("sensitivity_analysis", "{\"session_id\": \"$SID\", \"trials\": 10.5}", "must be a whole number"),
        bad("sensitivity_analysis", "{\"session_id\": \"$SID\", \"spread\": 0.5}", "must be between 1 and 100"),
        bad("sensitivity_analysis", "{\"session_id\": \"$SID\", \"method\": \"coin-toss\"}", "not a ranking method"),
        bad("sensitivity_analysis", "{\"session_id\": \"gone\"}", "No session \"gone\""),
        bad("compare_options", "{\"session_id\": \"$SID\", \"option_a\": \"MySQL\"}", "argument \"option_b\" is required"),
        bad("compare_options", "{\"session_id\": \"$SID\", \"option_a\": \"MySQL\", \"option_b\": \"Oracle\"}", "no such option"),
        bad("compare_options", "{\"session_id\": \"$SID\", \"option_a\": \"MySQL\", \"option_b\": \"mysql\"}", "both \"MySQL\""),
        bad("delete_session", "{\"session_id\": \"gone\"}", "No session \"gone\""),
        bad("list_sessions", "{\"verbose\": true}", "unknown argument \"verbose\""),
        // raw values and AHP weights
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Size\", \"kind\": \"guess\"}", "must be \"judged\" or \"value\""),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Size\", \"kind\": \"judged\", \"unit\": \"GB\"}", "was given for a judged criterion"),
        bad("add_criterion", "{\"session_id\": \"$SID\", \"name\": \"Size\", \"unit\": \"GB\", \"model_name\": \"gpt-4o\"}", "which no judge ever scores"),
        bad("set_value", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Cost\", \"value\": 5}", "set_score"),
        bad("set_value", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Cost\"}", "argument \"value\" is required"),
        bad("set_value", "{\"session_id\": \"$SID\", \"option\": \"MySQL\", \"criterion\": \"Beauty\", \"value\": 5}", "no such criterion"),
        bad("set_value", "{\"session_id\": \"$SID\", \"criterion\": \"Cost\", \"value\": 5}", "argument \"option\" is required"),
        bad("set_pairwise_weights", "{\"session_id\": \"$SID\"}", "argument \"comparisons\" (or \"matrix\") is required"),
        bad("set_pairwise_weights", "{\"session_id\": \"$SID\", \"comparisons\": [{\"a\": \"Cost\", \"b\": \"cost\", \"ratio\": 2}]}", "with itself"),
        bad("set_pairwise_weights", "{\"session_id\": \"$SID\", \"comparisons\": [{\"a\": \"Cost\", \"b\": \"Reliability\", \"ratio\": \"lots\"}]}", "1/9 to 9"),
        bad("set_pairwise_weights", "{\"session_id\": \"$SID\", \"comparisons\": [{\"a\": \"Cost\", \"b\": \"Reliability\"}]}", "\"comparisons[0].ratio\" must be"),
        bad("set_pairwise_weights", "{\"session_id\": \"$SID\", \"matrix\": [[1, 2]]}", "has 1 rows but the session has 2 criteria"),
        bad("set_pairwise_weights", "{\"session_id\": \"$EMPTY\", \"comparisons\": []}", "AHP compares 2 to 10"),
        // test_backend_connection
        bad("test_backend_connection", "{\"backend\": \"skynet\"}", "not a known backend"),
        bad("test_backend_connection", "{\"backend\": \"openai\"}", "not configured"),
        bad("test_backend_connection", "{\"backend\": \"sampling\"}", "does not support sampling"),
        bad("test_backend_connection", "{}", "no judge is available"),
        // no such tool
        bad("make_coffee", "{}", "there is no tool \"make_coffee\""));
  }

  private static Arguments bad(String tool, String json, String expected) {
    return Arguments.of(tool, json, expected);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badCalls")
  void badInputIsAnErrorResultThatNamesTheProblemAndTheFix(String tool, String json, String expected) throws Exception {
    Map<String, Object> args = JSON.readValue(json.replace("$SID", sessionId).replace("$EMPTY", emptySessionId), new TypeReference<>() {});
    int sessionsBefore = server.server.store().list().size();

    ToolResult result = server.call(tool, args);

    assertThat(result.error()).as(result.text()).isTrue();
    assertThat(result.structured()).isNull();
    assertThat(result.text()).startsWith("Error: ").contains(expected).contains("\nHow to fix: ");
    assertThat(result.text()).doesNotContain("Exception", "\tat ");
    assertThat(result.toMcp().isError()).isTrue();
    assertThat(server.server.store().list()).hasSize(sessionsBefore);
  }

  @Test
  void aFailedEditChangesNothing() {
    String before = server.call("get_decision_matrix", Map.of("session_id", sessionId)).text();

    server.call("add_option", Map.of("session_id", sessionId, "option_name", "postgresql"));
    server.call("update_criterion", Map.of("session_id", sessionId, "criterion_name", "Cost", "weight", 20));

    assertThat(server.call("get_decision_matrix", Map.of("session_id", sessionId)).text()).isEqualTo(before);
  }
}
