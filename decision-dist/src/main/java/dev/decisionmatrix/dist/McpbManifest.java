package dev.decisionmatrix.dist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code manifest.json} of the MCP bundle (.mcpb, manifest version 0.3): a binary server whose
 * entry point is the distribution's launcher, and the settings a host asks the user for (backend,
 * model, provider API keys marked sensitive), passed to the server as its environment variables.
 */
final class McpbManifest {

  private McpbManifest() {}

  /**
   * Renders the manifest.
   *
   * @param version the server version
   * @return the manifest as pretty-printed JSON
   * @throws JsonProcessingException never in practice
   */
  static String render(String version) throws JsonProcessingException {
    ObjectNode m = StdioClient.json().createObjectNode();
    m.put("manifest_version", "0.3");
    m.put("name", "decision-matrix");
    m.put("display_name", "Decision Matrix");
    m.put("version", version.replace("-SNAPSHOT", ""));
    m.put("description", "LLM-assisted multi-criteria decision analysis: options x weighted criteria, judged in parallel, ranked with an honest recommendation.");
    m.putObject("author").put("name", "Decision Matrix for Java contributors").put("url", "https://github.com/decision-matrix/decision-matrix-java");
    m.putObject("repository").put("type", "git").put("url", "https://github.com/decision-matrix/decision-matrix-java.git");
    m.put("license", "MIT");
    ObjectNode server = m.putObject("server");
    server.put("type", "binary");
    server.put("entry_point", "bin/decision-mcp");
    ObjectNode config = server.putObject("mcp_config");
    config.put("command", "${__dirname}/bin/decision-mcp");
    config.putArray("args");
    ObjectNode env = config.putObject("env");
    env.put("DECISION_MATRIX_BACKEND", "${user_config.backend}");
    env.put("DECISION_MATRIX_MODEL", "${user_config.model}");
    env.put("OPENAI_API_KEY", "${user_config.openai_api_key}");
    env.put("OPENAI_BASE_URL", "${user_config.openai_base_url}");
    env.put("ANTHROPIC_API_KEY", "${user_config.anthropic_api_key}");
    env.put("OLLAMA_HOST", "${user_config.ollama_host}");
    m.put("tools_generated", false);
    m.putArray("keywords").add("decision").add("mcda").add("ranking").add("llm-as-judge");
    ObjectNode compatibility = m.putObject("compatibility");
    compatibility.putArray("platforms").add(DistributionBuilder.platform().startsWith("macos") ? "darwin" : "linux");
    ObjectNode user = m.putObject("user_config");
    setting(user, "backend", "Backend", "Who judges the cells: auto, sampling (the host's model), openai, anthropic, ollama or bedrock.", false)
        .put("default", "auto");
    setting(user, "model", "Model", "Default model, for example gpt-4.1-mini or claude-sonnet-4-5.", false);
    setting(user, "openai_api_key", "OpenAI API key", "For OpenAI or an OpenAI-compatible server.", true);
    setting(user, "openai_base_url", "OpenAI base URL", "Only for an OpenAI-compatible server other than api.openai.com.", false);
    setting(user, "anthropic_api_key", "Anthropic API key", "For the Anthropic Messages API.", true);
    setting(user, "ollama_host", "Ollama host", "For a local Ollama, for example http://127.0.0.1:11434.", false);
    return StdioClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
  }

  private static ObjectNode setting(ObjectNode user, String key, String title, String description, boolean secret) {
    ObjectNode s = user.putObject(key);
    s.put("type", "string").put("title", title).put("description", description).put("required", false);
    if (secret) {
      s.put("sensitive", true);
    }
    return s;
  }
}
