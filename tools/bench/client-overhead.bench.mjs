// Client overhead: our client (auth + envelope middleware active, token
// cached) against bare openapi-fetch and raw fetch, on GET /payments/{imp_uid}.
// Run by `pnpm bench` through vitest bench; see bench/run.mjs.

import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import { createIamportClient } from "@iamport-contract/client";
import createClient from "openapi-fetch";
import { test } from "vitest";
import { IMP_UID, PAYMENT_BODY, TOKEN_BODY } from "./fixtures.mjs";

const JSON_HEADERS = { "content-type": "application/json" };

/** A fetch that answers immediately, as openapi-fetch's own benchmarks do. */
async function stubFetch(input) {
  const url = typeof input === "string" ? input : input.url;
  return new Response(url.endsWith("/users/getToken") ? TOKEN_BODY : PAYMENT_BODY, { status: 200, headers: JSON_HEADERS });
}

async function contenders(baseUrl, fetchImpl) {
  const bare = createClient({ baseUrl, fetch: fetchImpl });
  const ours = createIamportClient({ apiKey: "bench", apiSecret: "bench-secret", baseUrl, supplementsBaseUrl: baseUrl, fetch: fetchImpl });
  await ours.auth.getAccessToken(); // token cached before measuring
  const options = { params: { path: { imp_uid: IMP_UID } } };
  return {
    "raw fetch": async () => {
      const response = await fetchImpl(`${baseUrl}/payments/${IMP_UID}`, { headers: { Authorization: "Bearer bench-token" } });
      await response.json();
    },
    "bare openapi-fetch": async () => {
      await bare.GET("/payments/{imp_uid}", { ...options, headers: { Authorization: "Bearer bench-token" } });
    },
    "@iamport-contract/client": async () => {
      await ours.v1.GET("/payments/{imp_uid}", options);
    },
  };
}

const RUN_OPTIONS = { time: 3000, warmupTime: 500 };

/** Runs the contenders side by side in one comparison and appends their medians to $BENCH_OUT (JSON lines). */
async function compare(bench, group, contendersByName) {
  const registrations = Object.entries(contendersByName).map(([name, run]) => bench(name, run));
  const results = await bench.compare(...registrations, RUN_OPTIONS);
  for (const name of Object.keys(contendersByName)) {
    const result = results.get(name);
    const row = {
      group,
      name,
      opsPerSecMedian: result.throughput.p50,
      opsPerSecMean: result.throughput.mean,
      samples: result.latency.samplesCount,
    };
    if (process.env.BENCH_OUT) appendFileSync(process.env.BENCH_OUT, `${JSON.stringify(row)}\n`);
  }
}

const stubbed = await contenders("http://bench.invalid", stubFetch);
test("GET /payments/{imp_uid}, stubbed fetch", async ({ bench }) => {
  await compare(bench, "stubbed fetch", stubbed);
}, 120_000);

const server = createServer((_req, res) => {
  const body = _req.url === "/users/getToken" ? TOKEN_BODY : PAYMENT_BODY;
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
server.unref();
const loopback = await contenders(`http://127.0.0.1:${server.address().port}`, globalThis.fetch);
test("GET /payments/{imp_uid}, loopback node:http server", async ({ bench }) => {
  await compare(bench, "loopback node:http", loopback);
}, 120_000);
