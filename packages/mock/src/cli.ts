#!/usr/bin/env node
import { parseArgs } from "node:util";
import type { PrismLogLevel } from "./prism.js";
import { startMock } from "./server.js";

const USAGE = `Usage: iamport-mock [--port 4010] [--host 127.0.0.1] [--spec path/to/openapi.json] [--log-level silent]

Serves PortOne's V1 and supplements APIs from the iamport-contract spec.
Environment: IAMPORT_MOCK_PORT, IAMPORT_MOCK_HOST override the defaults.`;

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

try {
  const mock = await startMock({
    port,
    host: values.host ?? process.env.IAMPORT_MOCK_HOST ?? "127.0.0.1",
    logLevel,
    ...(values.spec ? { specPath: values.spec } : {}),
  });
  console.log(`iamport-mock listening on ${mock.url} (V1 and supplements paths; Ctrl-C to stop)`);
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
