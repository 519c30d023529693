import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { promisify } from "node:util";
import { createIamportClient } from "@iamport-contract/client";
import { startMock } from "@iamport-contract/mock";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisTokenStore } from "./redis-token-store.ts";

/**
 * The README's Redis token store recipe against a real `redis-server` (Debian's
 * package) started here on a free loopback port, without persistence, and the
 * real mock behind a loopback proxy that counts getToken calls.
 */

const redisServer = (() => {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
})();
if (!redisServer) {
  console.warn("SKIPPED the Redis token store tests: no redis-server on PATH (Debian: apt-get install -y redis-server)");
}

const run = promisify(execFile);
const HOST = new URL("./fleet-host.ts", import.meta.url).pathname;

/** A port that was free a moment ago on 127.0.0.1 (redis-server takes a port number, not 0). */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** redis-server on 127.0.0.1, no RDB snapshots and no AOF; resolves once it accepts connections (10 s at most). */
async function startRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(redisServer, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`redis-server not ready after 10 s:\n${output}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  return { url: `redis://127.0.0.1:${port}`, process: child };
}

/** Fails the test instead of hanging it. */
const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms)),
  ]);

describe.skipIf(!redisServer)("a fleet's token in Redis (README recipe, node-redis)", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let mock: Awaited<ReturnType<typeof startMock>>;
  let proxy: Server;
  let proxyUrl: string;
  let tokenCalls = 0;

  beforeAll(async () => {
    redis = await startRedis();
    mock = await startMock({ port: 0 });
    // Forwards to the mock, counting getToken calls: the mock is the PortOne every host talks to.
    proxy = createServer(async (request, response) => {
      if (request.url === "/users/getToken") tokenCalls++;
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== "host")) as Record<string, string>;
      const answer = await fetch(`${mock.url}${request.url}`, {
        method: request.method ?? "GET",
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  }, 30_000);

  afterAll(async () => {
    redis?.process.kill("SIGCONT");
    redis?.process.kill("SIGKILL");
    await new Promise((resolve) => proxy?.close(resolve));
    await mock?.close();
  });

  const host = async () => {
    const { stdout } = await run(process.execPath, [HOST], {
      env: { ...process.env, MOCK_URL: proxyUrl, REDIS_URL: redis.url },
      timeout: 30_000,
    });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { status: number; error?: string; token: string };
  };

  it("two client processes share one token: the mock's getToken is called once", async () => {
    const first = await host();
    const second = await host();
    expect(first).toMatchObject({ status: 200 });
    expect(second).toMatchObject({ status: 200 });
    expect(second.token).toBe(first.token);
    expect(tokenCalls).toBe(1);

    // What the store holds: PortOne's times only, expiring in Redis with the token.
    const inspect = createClient({ url: redis.url });
    await inspect.connect();
    const stored = JSON.parse((await inspect.get("iamport:fleet_key")) ?? "null");
    expect(stored).toEqual({ accessToken: first.token, expiredAt: expect.any(Number), issuedAt: expect.any(Number) });
    const ttl = await inspect.ttl("iamport:fleet_key");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(stored.expiredAt - stored.issuedAt);
    await inspect.close();
  }, 60_000);

  it("a Redis that stops answering, then one that is gone, falls back to getToken without hanging", async () => {
    const connection = createClient({ url: redis.url, disableOfflineQueue: true, socket: { connectTimeout: 500, reconnectStrategy: 50 } });
    const redisErrors: unknown[] = [];
    connection.on("error", (error) => redisErrors.push(error));
    await connection.connect();
    const store = redisTokenStore(connection, { timeoutMs: 300 });
    const outcomes: string[] = [];
    const watched = {
      async get(key: string) {
        try {
          const value = await store.get(key);
          outcomes.push("get answered");
          return value;
        } catch (error) {
          outcomes.push(`get failed: ${(error as Error).message}`);
          throw error;
        }
      },
      set: store.set,
    };
    const newHost = () =>
      createIamportClient({ apiKey: "fleet_key", apiSecret: "fleet_secret", baseUrl: proxyUrl, tokenStore: watched, retry: false });
    const before = tokenCalls;

    redis.process.kill("SIGSTOP"); // alive but silent: only the store's own bound ends the wait
    const paused = await within(
      newHost().v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_448280090638" } } }),
      5_000,
      "call with Redis paused",
    );
    expect(paused.response.status).toBe(200);
    expect(outcomes).toEqual(["get failed: Redis did not answer within 300 ms"]);
    expect(tokenCalls).toBe(before + 1);

    redis.process.kill("SIGCONT");
    redis.process.kill("SIGKILL"); // gone: with disableOfflineQueue the commands fail at once instead of queueing
    await new Promise((resolve) => redis.process.once("exit", resolve));
    await within(
      (async () => {
        while (connection.isReady) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      5_000,
      "node-redis noticing the outage",
    );
    outcomes.length = 0;
    const gone = await within(
      newHost().v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_448280090638" } } }),
      5_000,
      "call with Redis gone",
    );
    expect(gone.response.status).toBe(200);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatch(/^get failed: /);
    expect(outcomes[0]).not.toContain("did not answer"); // refused at once, not timed out
    expect(tokenCalls).toBe(before + 2);
    connection.destroy();
  }, 60_000);
});
