// Starts the distribution's launcher (bin/decision-mcp) as an MCP host would, with the official MCP
// TypeScript SDK client over stdio, and drives one whole decision: initialize, start a decision,
// evaluate it with the server's environment-configured backend, read the ranking. Prints one JSON
// report on stdout for DistributionIT; diagnostics go to stderr.
//
// Usage: node dist-e2e.mjs --launcher /path/to/bin/decision-mcp
// The server's environment is this process's environment (the IT sets PATH, backend and data dir).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";

const argv = process.argv.slice(2);
const launcher = argv[argv.indexOf("--launcher") + 1];
const report = { ok: false, steps: [], errors: [] };

async function step(name, fn) {
  try {
    const value = await fn();
    report.steps.push(name);
    return value;
  } catch (e) {
    report.errors.push(`${name}: ${e && e.stack ? e.stack : e}`);
    throw e;
  }
}

function text(result) {
  return (result.content || []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
}

async function main() {
  const client = new Client({ name: "decision-dist-e2e", version: "1.0.0" }, { capabilities: {} });
  const transport = new StdioClientTransport({ command: launcher, args: [], env: { ...process.env }, stderr: "inherit" });
  const started = Date.now();
  await step("initialize", () => client.connect(transport));
  report.initializeMillis = Date.now() - started;
  report.serverName = client.getServerVersion()?.name;
  report.serverVersion = client.getServerVersion()?.version;

  const call = (name, a) => client.callTool({ name, arguments: a }, CallToolResultSchema, { timeout: 120000 });
  const start = await step("start_decision_analysis", () =>
    call("start_decision_analysis", {
      topic: "Which message broker for the order pipeline?",
      options: ["Kafka", "RabbitMQ", "NATS"],
      initial_criteria: [{ name: "Throughput", weight: 2 }, { name: "Ecosystem", weight: 1 }],
    }),
  );
  report.startIsError = start.isError === true;
  const sessionId = start.structuredContent?.session_id;

  const evaluated = await step("evaluate_options", () => call("evaluate_options", { session_id: sessionId }));
  report.evaluateIsError = evaluated.isError === true;
  report.evaluateText = text(evaluated);
  report.cellScores = {};
  for (const cell of evaluated.structuredContent?.cells || []) {
    report.cellScores[`${cell.option}|${cell.criterion}`] = cell.score;
  }

  const matrix = await step("get_decision_matrix", () => call("get_decision_matrix", { session_id: sessionId }));
  report.matrixIsError = matrix.isError === true;
  report.ranking = (matrix.structuredContent?.ranking?.options || []).map((o) => o.name ?? o.option);
  report.leaders = matrix.structuredContent?.recommendation?.leaders;
  await client.close();
  report.ok = true;
}

main()
  .catch(() => {})
  .finally(() => {
    process.stdout.write(JSON.stringify(report) + "\n");
    process.exit(0);
  });
