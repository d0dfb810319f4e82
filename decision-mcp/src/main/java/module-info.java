/**
 * The Decision Matrix MCP server: MCP tools, resources and a prompt over stdio and Streamable HTTP,
 * wired onto the decision-matrix engine. An application: it exports nothing; run it with {@code
 * java -jar decision-mcp.jar} (the shaded jar runs on the class path).
 */
module dev.decisionmatrix.mcp {
  requires dev.decisionmatrix.core;
  requires dev.decisionmatrix.backends;
  requires dev.decisionmatrix.redis;
  requires redis.clients.jedis;
  requires io.modelcontextprotocol.sdk.mcp.core;
  requires io.modelcontextprotocol.sdk.mcp.json.jackson2;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires org.apache.tomcat.embed.core;
  requires java.logging;
  requires static org.jspecify;
}
