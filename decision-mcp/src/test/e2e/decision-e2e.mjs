// Drives the decision-mcp server jar through a whole decision with the official MCP TypeScript SDK
// client, over stdio or Streamable HTTP, and prints one JSON report on stdout for the Java IT
// (McpClientEndToEndIT) to assert on. Diagnostics go to stderr.
//
// Usage:
//   node decision-e2e.mjs --transport stdio --java /path/to/java --jar decision-mcp.jar --judge sampling --data-dir DIR
//   node decision-e2e.mjs --transport http --url http://127.0.0.1:PORT/mcp --token TOKEN --judge sampling
//   --judge backend: the client declares no sampling; the server's environment-configured backend judges.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  LoggingMessageNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--")) throw new Error(`unexpected argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const report = {
  transport: args.transport,
  judge: args.judge,
  sdkVersion: null,
  steps: [],
  errors: [],
};

function dataBlock(prompt, name) {
  const m = prompt.match(new RegExp(`<data name="${name}">\\n([\\s\\S]*?)\\n</data>`));
  return m ? m[1] : "?";
}

// The judgment a host model would give: deterministic per cell, valid per the judge's JSON contract.
function judge(prompt) {
  const option = dataBlock(prompt, "option_name");
  const criterion = dataBlock(prompt, "criterion_name");
  let h = 0;
  for (const c of option + "|" + criterion) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return JSON.stringify({ score: 1 + (h % 10), reasoning: `${option} on ${criterion}, judged by the e2e client`, confidence: 0.75 });
}

function text(result) {
  return (result.content || []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
}

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

async function main() {
  const { readFileSync } = await import("node:fs");
  report.sdkVersion = JSON.parse(readFileSync(new URL("./node_modules/@modelcontextprotocol/sdk/package.json", import.meta.url), "utf8")).version;

  const sampling = args.judge === "sampling";
  const client = new Client({ name: "decision-mcp-e2e", version: "1.0.0" }, { capabilities: sampling ? { sampling: {} } : {} });

  report.samplingRequests = 0;
  report.samplingSystemPromptSeen = false;
  report.samplingMaxTokens = null;
  if (sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      report.samplingRequests++;
      const params = request.params;
      report.samplingSystemPromptSeen ||= typeof params.systemPrompt === "string" && params.systemPrompt.includes("Judge one option on one criterion");
      report.samplingMaxTokens = params.maxTokens;
      const first = params.messages[0].content;
      return { role: "assistant", content: { type: "text", text: judge(first.text) }, model: "e2e-host-model", stopReason: "endTurn" };
    });
  }
  report.logMessages = 0;
  client.setNotificationHandler(LoggingMessageNotificationSchema, () => {
    report.logMessages++;
  });

  let transport;
  if (args.transport === "stdio") {
    const env = { ...process.env };
    if (args["data-dir"]) env.DECISION_MATRIX_DATA_DIR = args["data-dir"];
    transport = new StdioClientTransport({ command: args.java, args: ["-jar", args.jar], env, stderr: "inherit" });
  } else {
    const headers = args.token ? { Authorization: `Bearer ${args.token}` } : {};
    transport = new StreamableHTTPClientTransport(new URL(args.url), { requestInit: { headers } });
  }

  await step("connect", () => client.connect(transport));
  report.serverName = client.getServerVersion()?.name;
  report.serverCapabilities = Object.keys(client.getServerCapabilities() || {}).sort();

  const tools = await step("listTools", () => client.listTools());
  report.tools = tools.tools.map((t) => t.name).sort();
  report.toolsWithOutputSchema = tools.tools.filter((t) => t.outputSchema).length;

  const call = (name, a, options) => client.callTool({ name, arguments: a }, CallToolResultSchema, options);

  const started = await step("start_decision_analysis", () =>
    call("start_decision_analysis", {
      topic: "Which message broker for the order pipeline?",
      options: ["Kafka", { name: "RabbitMQ", description: "classic AMQP broker" }],
      initial_criteria: [{ name: "Throughput", weight: 2 }, { name: "Operational burden", direction: "cost" }],
    }),
  );
  report.startIsError = started.isError === true;
  const sessionId = started.structuredContent?.session_id;
  report.sessionId = sessionId;

  const added = await step("add_option", () => call("add_option", { session_id: sessionId, option_name: "NATS", description: "lightweight" }));
  report.addOptionIsError = added.isError === true;
  const criterion = await step("add_criterion", () =>
    call("add_criterion", { session_id: sessionId, name: "Ecosystem", weight: 1.5, rubric: "10 = many mature client libraries" }),
  );
  report.addCriterionIsError = criterion.isError === true;

  const bad = await step("bad_input", () => call("add_criterion", { session_id: sessionId, name: "Latency", weight: 50 }));
  report.badInputIsError = bad.isError === true;
  report.badInputText = text(bad);

  const progress = [];
  const evaluated = await step("evaluate_options", () =>
    call("evaluate_options", { session_id: sessionId }, {
      onprogress: (p) => progress.push(p),
      timeout: 300000,
      resetTimeoutOnProgress: true,
    }),
  );
  report.evaluateIsError = evaluated.isError === true;
  report.evaluateText = text(evaluated).slice(0, 2000);
  report.progressNotifications = progress.length;
  report.progressValues = progress.map((p) => p.progress);
  report.progressTotal = progress.length ? progress[progress.length - 1].total : null;
  report.progressMonotonic = progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress);
  const cells = evaluated.structuredContent?.cells || [];
  report.cellsJudged = cells.length;
  report.cellsScored = cells.filter((c) => c.status === "scored").length;
  report.cellScores = Object.fromEntries(cells.filter((c) => c.status === "scored").map((c) => [`${c.option}|${c.criterion}`, c.score]));
  report.stats = evaluated.structuredContent?.stats;

  const again = await step("evaluate_again", () => call("evaluate_options", { session_id: sessionId }));
  report.secondEvaluationText = text(again).slice(0, 300);

  const matrix = await step("get_decision_matrix", () => call("get_decision_matrix", { session_id: sessionId }));
  report.matrixIsError = matrix.isError === true;
  report.matrixText = text(matrix);
  report.matrixLeaders = matrix.structuredContent?.recommendation?.leaders;
  report.matrixVerdict = matrix.structuredContent?.recommendation?.verdict;

  const resource = await step("read_resource", () => client.readResource({ uri: `decision://sessions/${sessionId}/matrix` }));
  report.resourceText = resource.contents[0]?.text?.slice(0, 4000);
  const templates = await step("list_resource_templates", () => client.listResourceTemplates());
  report.resourceTemplates = templates.resourceTemplates.map((t) => t.uriTemplate).sort();

  const prompt = await step("get_prompt", () => client.getPrompt({ name: "decision_analysis_guide", arguments: { topic: "Brokers" } }));
  report.promptText = prompt.messages[0]?.content?.text?.slice(0, 200);

  const sessions = await step("list_sessions", () => call("list_sessions", {}));
  report.sessionCount = sessions.structuredContent?.count;

  await step("close", () => client.close());
}

try {
  await main();
  report.ok = report.errors.length === 0;
} catch (e) {
  report.ok = false;
  if (!report.errors.length) report.errors.push(String(e && e.stack ? e.stack : e));
}
process.stdout.write(JSON.stringify(report) + "\n");
process.exit(0);
