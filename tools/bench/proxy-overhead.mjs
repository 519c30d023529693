// The drift proxy's cost: a loopback upstream answering the spec's paid
// payment, loaded directly and through `startMock({ proxy })` (which
// validates every request and response), at 10 connections after a 1 s
// unrecorded warm-up; then the proxy's memory while it streams a body far
// over its validation limit. Loopback only, bounded duration. Standalone:
// `node tools/bench/proxy-overhead.mjs` after a build.
import { createServer } from "node:http";
import { startMock } from "@iamport-contract/mock";
import { loadBundle } from "@iamport-contract/spec/toolkit";
import autocannon from "autocannon";

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const HUGE_BYTES = 256 * 1024 * 1024;
const paid = JSON.stringify(loadBundle().components.examples.PaymentPaid.value);

const upstream = createServer((req, res) => {
  if (req.url.startsWith("/payments/imp_huge")) {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, "1,");
    let sent = 0;
    res.write("[");
    const pump = () => {
      while (sent < HUGE_BYTES) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once("drain", pump);
      }
      res.end("1]");
    };
    pump();
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(paid);
});
await new Promise((resolve) => upstream.listen(0, "127.0.0.1", resolve));
const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
const proxy = await startMock({ port: 0, proxy: { upstream: upstreamUrl, log: () => {} } });

const load = (url) =>
  autocannon({
    url,
    headers: { authorization: "Bearer bench" },
    connections: 10,
    duration: DURATION_SECONDS,
    warmup: { connections: 10, duration: 1 },
  });

const rows = [];
for (const [name, base] of [
  ["upstream directly", upstreamUrl],
  ["through the proxy", proxy.url],
]) {
  const result = await load(`${base}/payments/imp_bench`);
  rows.push({
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  });
}
console.log("| path | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} |`);

// Streaming: peak RSS of this process (upstream + proxy + client) while 256 MiB pass through.
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const started = performance.now();
const response = await fetch(`${proxy.url}/payments/imp_huge`, { headers: { authorization: "Bearer bench" } });
let received = 0;
for await (const chunk of response.body) received += chunk.length;
clearInterval(sampler);
const seconds = (performance.now() - started) / 1000;
console.log(
  `\nstreamed ${(received / 2 ** 20).toFixed(0)} MiB through the proxy in ${seconds.toFixed(2)} s (${(received / 2 ** 20 / seconds).toFixed(0)} MiB/s); RSS ${(before / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MiB`,
);
const drift = proxy.drift?.().drift.map((d) => d.kind) ?? [];
console.log(`drift kinds: ${JSON.stringify(drift)}`);
await proxy.close();
upstream.close();
