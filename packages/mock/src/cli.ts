#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { PrismLogLevel } from "./log-level.js";
import { formatDriftTable } from "./proxy/drift.js";
import { DEFAULT_API_KEY, DEFAULT_API_SECRET, startMock } from "./server.js";

const USAGE = `Usage: iamport-mock [--port 4010] [--host 127.0.0.1] [--spec path/to/openapi.json] [--log-level silent]
                    [--stateful] [--api-key KEY] [--api-secret SECRET] [--max-records 10000]
                    [--no-test-keys] [--webhook-allow-host HOST]... [--no-fast-path]
       iamport-mock --proxy <upstream-url> [--proxy-supplements <url>] [--drift-report <file>] [--record <dir>]

Serves PortOne's V1 and supplements APIs from the iamport-contract spec.

  --stateful       remember tokens, payments, billing keys, schedules, virtual
                   accounts and payment URLs in memory, and send webhooks
                   (default: stateless, answers with the spec's examples)
  --api-key        key getToken accepts in the stateful mode (default ${DEFAULT_API_KEY})
  --api-secret     secret getToken accepts in the stateful mode (default ${DEFAULT_API_SECRET})
  --max-records    records kept per collection before the oldest is evicted (default 10000)
  --no-test-keys   accept only --api-key (default: also any imp_key starting with
                   test_ paired with --api-secret, each its own merchant)
  --webhook-allow-host
                   a host other than loopback that webhooks may be sent to;
                   repeat for more (default: loopback hosts only)
  --no-fast-path   have Prism's full engine answer every operation without state:
                   same answers, 10-20x slower (default: the mock's pipeline)
  --proxy          forward every request to this upstream (e.g. a PortOne test
                   channel), return its answers unchanged and report where they
                   differ from the spec (GET /__mock/drift; table on exit)
  --proxy-supplements  upstream for /api/supplements/... (default: --proxy)
  --drift-report   with --proxy: write the drift report as JSON to this file on exit
  --record         with --proxy: save each new response shape as a candidate example here

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
      "no-test-keys": { type: "boolean" },
      "webhook-allow-host": { type: "string", multiple: true },
      "no-fast-path": { type: "boolean" },
      proxy: { type: "string" },
      "proxy-supplements": { type: "string" },
      "drift-report": { type: "string" },
      record: { type: "string" },
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
const proxyUpstream = values.proxy;
if (proxyUpstream !== undefined && stateful) fail("--proxy and --stateful exclude each other: the upstream keeps the state");
if (proxyUpstream === undefined && (values["drift-report"] || values.record || values["proxy-supplements"])) {
  fail("--drift-report, --record and --proxy-supplements need --proxy <upstream-url>");
}

try {
  const mock = await startMock({
    port,
    host: values.host ?? process.env.IAMPORT_MOCK_HOST ?? "127.0.0.1",
    logLevel,
    stateful,
    apiKey,
    apiSecret,
    maxRecords,
    acceptTestKeys: !values["no-test-keys"],
    webhookAllowHosts: values["webhook-allow-host"] ?? [],
    fastPath: !values["no-fast-path"],
    ...(values.spec ? { specPath: values.spec } : {}),
    ...(proxyUpstream !== undefined
      ? {
          proxy: {
            upstream: proxyUpstream,
            ...(values["proxy-supplements"] ? { supplementsUpstream: values["proxy-supplements"] } : {}),
            ...(values.record ? { recordDir: values.record } : {}),
          },
        }
      : {}),
  });
  const mode = proxyUpstream !== undefined ? `proxy to ${new URL(proxyUpstream).origin}` : stateful ? "stateful" : "stateless";
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`iamport-mock: ${signal} received, stopping`);
    const report = mock.drift?.();
    if (report) {
      console.log(formatDriftTable(report));
      const file = values["drift-report"];
      if (file) {
        writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
        console.log(`iamport-mock: drift report written to ${file}`);
      }
    }
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // Printed only once the handlers are in place: a supervisor that signals as soon as it reads the URL gets a clean stop.
  console.log(`iamport-mock listening on ${mock.url} (${mode}; V1 and supplements paths; Ctrl-C to stop)`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  fail(message.includes("EADDRINUSE") ? `port ${port} is already in use` : message);
}
