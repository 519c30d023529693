// Mock throughput and latency against a bare node:http server returning the
// same JSON: stateless and stateful modes, a GET answered from an example and
// a validated POST, at 10 and 50 connections, each after a 1 s unrecorded
// warm-up. Loopback only, bounded duration.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { IMP_UID } from "./fixtures.mjs";
import { startServer } from "./processes.mjs";

// The CLI a user runs (`npx @iamport-contract/mock`), found through the package's own "bin".
const mockPackageJson = fileURLToPath(import.meta.resolve("@iamport-contract/mock/package.json"));
const MOCK_CLI = join(dirname(mockPackageJson), JSON.parse(readFileSync(mockPackageJson, "utf8")).bin["iamport-mock"]);
const BARE = fileURLToPath(new URL("./bare-server.mjs", import.meta.url));
const API_KEY = "bench_key";
const API_SECRET = "bench_secret";

/** Unrecorded load before each measured row: start-up work (JIT, Prism's per-operation schema compilation) is not steady state. */
const WARMUP_SECONDS = 1;

let orderSequence = 0;

function load(url, { method = "GET", body, path, headers = {}, connections, duration }) {
  // autocannon runs `warmup` only in its promise form; with a callback it is silently ignored.
  // A body function gives every request its own body (e.g. a fresh merchant_uid).
  return autocannon({
    url,
    method,
    ...(typeof body === "function" ? { requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }] } : { body }),
    ...(path ? { requests: [{ setupRequest: (request) => ({ ...request, path: path() }) }] } : {}),
    headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
    connections,
    duration,
    pipelining: 1,
    warmup: { connections, duration: WARMUP_SECONDS },
  });
}

async function token(baseUrl) {
  const response = await fetch(`${baseUrl}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: API_KEY, imp_secret: API_SECRET }),
  });
  const body = await response.json();
  if (!body?.response?.access_token) throw new Error(`getToken failed against ${baseUrl}: ${response.status}`);
  return body.response.access_token;
}

/** Creates what the stateful GET reads: a paid payment. Returns its imp_uid. */
async function seedPayment(baseUrl, accessToken) {
  const response = await fetch(`${baseUrl}/subscribe/payments/onetime`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      merchant_uid: `order_bench_${Date.now()}`,
      amount: 10000,
      card_number: "4242-4242-4242-4242",
      expiry: "2030-12",
      birth: "900101",
    }),
  });
  const body = await response.json();
  return body?.response?.imp_uid ?? IMP_UID;
}

const SCENARIOS = [
  { name: "GET /payments/{imp_uid} (example)", method: "GET" },
  // Nothing remembered helps here: each path is new to the validator's memo (stateless only: the stateful mock would answer 404).
  { name: "GET /payments/{imp_uid}, a new imp_uid each request", method: "GET", distinct: true, statelessOnly: true },
  { name: "POST /payments/prepare (validated)", method: "POST" },
];

export async function runMockThroughput({ duration = 5, connectionsList = [10, 50], log = console.log } = {}) {
  const targets = [
    { target: "bare node:http", args: [BARE, "0"] },
    { target: "mock, stateless", args: [MOCK_CLI, "--port", "0"] },
    { target: "Prism full engine, stateless (mock --no-fast-path)", args: [MOCK_CLI, "--port", "0", "--no-fast-path"], only: 10 },
    { target: "mock, stateless, Prism info logging", args: [MOCK_CLI, "--port", "0", "--log-level", "info"], only: 10 },
    { target: "mock, stateful", args: [MOCK_CLI, "--port", "0", "--stateful", "--api-key", API_KEY, "--api-secret", API_SECRET] },
  ];
  const rows = [];
  for (const { target, args, only } of targets) {
    let server;
    try {
      server = await startServer(args);
    } catch (error) {
      log(`  [skip] ${target}: ${error.message.split("\n")[0]}`);
      continue;
    }
    try {
      const accessToken = await token(server.url);
      const impUid = target.includes("stateful") && !target.includes("stateless") ? await seedPayment(server.url, accessToken) : IMP_UID;
      for (const scenario of SCENARIOS) {
        if (scenario.statelessOnly && target.includes("stateful") && !target.includes("stateless")) continue;
        for (const connections of connectionsList) {
          if (only && connections !== only) continue;
          log(`  ${target} · ${scenario.name} · ${connections} connections · ${duration} s`);
          const headers = { authorization: `Bearer ${accessToken}` };
          const result =
            scenario.method === "GET"
              ? await load(`${server.url}/payments/${impUid}`, {
                  headers,
                  connections,
                  duration,
                  ...(scenario.distinct ? { path: () => `/payments/imp_${++orderSequence}` } : {}),
                })
              : await load(`${server.url}/payments/prepare`, {
                  method: "POST",
                  headers,
                  // A new order each time, so the stateful mock registers rather than refuses a duplicate.
                  body: () => JSON.stringify({ merchant_uid: `order_bench_${++orderSequence}`, amount: 10000 }),
                  connections,
                  duration,
                });
          rows.push({
            target,
            scenario: scenario.name,
            connections,
            requestsPerSec: result.requests.average,
            p50Ms: result.latency.p50,
            p99Ms: result.latency.p99,
            non2xx: result.non2xx,
            errors: result.errors + result.timeouts,
          });
        }
      }
    } finally {
      await server.stop();
    }
  }
  return rows;
}
