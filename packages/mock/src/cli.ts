#!/usr/bin/env node
import { parseArgs } from "node:util";
import type { PrismLogLevel } from "./log-level.js";
import { DEFAULT_API_KEY, DEFAULT_API_SECRET, startMock } from "./server.js";

const USAGE = `Usage: iamport-mock [--port 4010] [--host 127.0.0.1] [--spec path/to/openapi.json] [--log-level silent]
                    [--stateful] [--api-key KEY] [--api-secret SECRET] [--max-records 10000]
                    [--no-fast-path]

Serves PortOne's V1 and supplements APIs from the iamport-contract spec.

  --stateful       remember tokens, payments, billing keys, schedules, virtual
                   accounts and payment URLs in memory, and send webhooks
                   (default: stateless, answers with the spec's examples)
  --api-key        key getToken accepts in the stateful mode (default ${DEFAULT_API_KEY})
  --api-secret     secret getToken accepts in the stateful mode (default ${DEFAULT_API_SECRET})
  --max-records    records kept per collection before the oldest is evicted (default 10000)
  --no-fast-path   send every request through Prism's full engine: same answers,
                   10-20x slower (default: valid requests answered from a cache)

Environment: IAMPORT_MOCK_PORT, IAMPORT_MOCK_HOST, IAMPORT_MOCK_STATEFUL=1,
IAMPORT_MOCK_API_KEY, IAMPORT_MOCK_API_SECRET; flags win over the environment.`;

const LOG_LEVELS: PrismLogLevel[] = ["fatal", "error", "warn", "info", "debug", "silent"];

function fail(message: string): never {
  console.error(`iamport-mock: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: ReturnType<typeof parse>["values"];
function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      spec: { type: "string" },
      "log-level": { type: "string" },
      stateful: { type: "boolean" },
      "api-key": { type: "string" },
      "api-secret": { type: "string" },
      "max-records": { type: "string" },
      "no-fast-path": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}
try {
  values = parse().values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const portText = values.port ?? process.env.IAMPORT_MOCK_PORT ?? "4010";
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, got "${portText}"`);
const logLevel = (values["log-level"] ?? "silent") as PrismLogLevel;
if (!LOG_LEVELS.includes(logLevel)) fail(`--log-level must be one of ${LOG_LEVELS.join(", ")}`);
const stateful = values.stateful ?? ["1", "true", "yes"].includes((process.env.IAMPORT_MOCK_STATEFUL ?? "").toLowerCase());
const maxRecordsText = values["max-records"] ?? "10000";
const maxRecords = Number(maxRecordsText);
if (!Number.isInteger(maxRecords) || maxRecords < 1) fail(`--max-records must be a positive integer, got "${maxRecordsText}"`);
const apiKey = values["api-key"] ?? process.env.IAMPORT_MOCK_API_KEY ?? DEFAULT_API_KEY;
const apiSecret = values["api-secret"] ?? process.env.IAMPORT_MOCK_API_SECRET ?? DEFAULT_API_SECRET;
if (!apiKey || !apiSecret) fail("--api-key and --api-secret must not be empty");

try {
  const mock = await startMock({
    port,
    host: values.host ?? process.env.IAMPORT_MOCK_HOST ?? "127.0.0.1",
    logLevel,
    stateful,
    apiKey,
    apiSecret,
    maxRecords,
    fastPath: !values["no-fast-path"],
    ...(values.spec ? { specPath: values.spec } : {}),
  });
  const mode = stateful ? "stateful" : "stateless";
  console.log(`iamport-mock listening on ${mock.url} (${mode}; V1 and supplements paths; Ctrl-C to stop)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`iamport-mock: ${signal} received, stopping`);
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  fail(message.includes("EADDRINUSE") ? `port ${port} is already in use` : message);
}
