import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Agent, request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import autocannon, { type RawRequest, type Request, type Result } from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Load and soak test of the stateful mock: 20,000 requests of payment flows
 * (token → prepare → one-time payment → read → three cancels → read) at 50
 * concurrent connections, then every payment read back and checked for lost
 * or inconsistent records. The mock runs as a child process (the built CLI),
 * so that autocannon in this process does not share its event loop.
 * Loopback only; bounded by HARD_TIMEOUT_MS.
 */

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const API_KEY = "soak_key";
const API_SECRET = "soak_secret";
const CONNECTIONS = 50;
const TOTAL_REQUESTS = 8_000;
const HARD_TIMEOUT_MS = 180_000;
/** Hang detectors, not speed checks (speed lives in `pnpm bench`): a 2-core CI runner also runs the other packages' tests. */
const LOAD_BUDGET_MS = 120_000;
const CARD = { card_number: "4242-4242-4242-4242", expiry: "2030-12" };

let child: ChildProcess | undefined;
let baseUrl = "";

async function startChild(): Promise<string> {
  const proc = spawn(process.execPath, [CLI, "--stateful", "--port", "0", "--api-key", API_KEY, "--api-secret", API_SECRET], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let output = "";
  proc.stdout?.on("data", (chunk) => (output += chunk));
  proc.stderr?.on("data", (chunk) => (output += chunk));
  // A hang detector, not a speed check: on a 2-core runner beside other packages' tests, loading Prism can take a while.
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const match = output.match(/listening on (http:\/\/\S+)/);
    if (match?.[1]) return match[1];
    if (proc.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the stateful mock did not start: ${output}`);
}

async function stopChild(): Promise<void> {
  const proc = child;
  child = undefined;
  if (!proc || proc.exitCode !== null || proc.pid === undefined) return;
  const exited = once(proc, "exit");
  process.kill(proc.pid, "SIGTERM");
  const timer = setTimeout(() => proc.pid !== undefined && proc.exitCode === null && process.kill(proc.pid, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  baseUrl = await startChild();
}, 90_000);
afterAll(stopChild, 10_000);

/** What the client knows it did to one payment, from the mock's own answers. */
interface Ledger {
  merchantUid: string;
  amount: number;
  variant: number;
  acceptedCancels: number[];
  refusals: number;
}

/**
 * One flow, eight requests. The second cancel varies by flow: it cancels
 * what is left (→ `cancelled`), part of it (→ stays `paid`), or one won
 * more than is left (refused). The third cancel always asks for the whole
 * amount, which is more than is left: refused (`code` ≠ 0, HTTP 200).
 */
function flowRequests(counters: Counters, ledgers: Map<string, Ledger>): Request[] {
  const json = (context: Record<string, unknown>, request: RawRequest, body: unknown): RawRequest => ({
    ...request,
    headers: { "content-type": "application/json", authorization: `Bearer ${context.token as string}` },
    body: JSON.stringify(body),
  });
  const parse = (body: string): { code?: number; response?: Record<string, unknown> | null } | undefined => {
    try {
      return JSON.parse(body);
    } catch {
      return undefined;
    }
  };
  const record = (step: string, status: number) => {
    counters.byStep[step] ??= {};
    const byStatus = counters.byStep[step] as Record<number, number>;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (status >= 500) counters.serverErrors++;
  };
  const ledgerOf = (context: Record<string, unknown>) => ledgers.get(context.impUid as string);
  const cancel = (step: string, amountOf: (ledger: Ledger) => number): Request => ({
    method: "POST",
    path: "/payments/cancel",
    setupRequest: (request, context) => {
      const ledger = ledgerOf(context);
      if (!ledger) return undefined;
      context.asked = amountOf(ledger);
      return json(context, request, { imp_uid: context.impUid, amount: context.asked, reason: "soak" });
    },
    onResponse: (status, body, context) => {
      record(step, status);
      const ledger = ledgerOf(context);
      const answer = parse(body);
      if (!ledger || status !== 200 || !answer) return;
      if (answer.code === 0) ledger.acceptedCancels.push(context.asked as number);
      else if (answer.response === null) ledger.refusals++;
      else counters.anomalies.push(`${step}: refusal with a response: ${body.slice(0, 120)}`);
    },
  });
  const read = (step: string): Request => ({
    method: "GET",
    setupRequest: (request, context) =>
      context.impUid
        ? { ...request, path: `/payments/${context.impUid as string}`, headers: { authorization: context.token as string } }
        : undefined,
    onResponse: (status, body, context) => {
      record(step, status);
      const answer = parse(body);
      if (status !== 200 || answer?.response?.imp_uid !== context.impUid)
        counters.anomalies.push(`${step}: ${status} ${body.slice(0, 120)}`);
    },
  });

  return [
    {
      method: "POST",
      path: "/users/getToken",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_key: API_KEY, imp_secret: API_SECRET }),
      onResponse: (status, body, context) => {
        record("token", status);
        const token = parse(body)?.response?.access_token;
        if (typeof token === "string") context.token = token;
      },
    },
    {
      method: "POST",
      path: "/payments/prepare",
      setupRequest: (request, context) => {
        if (!context.token) return undefined;
        const flow = counters.flows++;
        context.flow = flow;
        context.merchantUid = `order_soak_${process.pid}_${flow}`;
        context.amount = 1_000 + (flow % 90) * 100;
        return json(context, request, { merchant_uid: context.merchantUid, amount: context.amount });
      },
      onResponse: (status, body) => {
        record("prepare", status);
        if (status !== 200 || parse(body)?.code !== 0) counters.anomalies.push(`prepare: ${status} ${body.slice(0, 120)}`);
      },
    },
    {
      method: "POST",
      path: "/subscribe/payments/onetime",
      setupRequest: (request, context) =>
        json(context, request, { merchant_uid: context.merchantUid, amount: context.amount, ...CARD, name: "soak" }),
      onResponse: (status, body, context) => {
        record("pay", status);
        const payment = parse(body)?.response;
        if (status !== 200 || payment?.status !== "paid" || typeof payment.imp_uid !== "string") {
          counters.anomalies.push(`pay: ${status} ${body.slice(0, 120)}`);
          return;
        }
        context.impUid = payment.imp_uid;
        ledgers.set(payment.imp_uid, {
          merchantUid: context.merchantUid as string,
          amount: context.amount as number,
          variant: (context.flow as number) % 3,
          acceptedCancels: [],
          refusals: 0,
        });
      },
    },
    read("read"),
    cancel("cancel 1 (partial)", (l) => Math.round(l.amount * 0.3)),
    cancel("cancel 2 (rest / partial / over)", (l) => {
      const left = l.amount - Math.round(l.amount * 0.3);
      return l.variant === 0 ? left : l.variant === 1 ? Math.round(left / 2) : left + 1;
    }),
    cancel("cancel 3 (over)", (l) => l.amount),
    read("read again"),
  ];
}

interface Counters {
  flows: number;
  serverErrors: number;
  byStep: Record<string, Record<number, number>>;
  anomalies: string[];
}

async function runLoad(requests: Request[]): Promise<{ result: Result; ms: number }> {
  const started = performance.now();
  const instance = autocannon({ url: baseUrl, connections: CONNECTIONS, amount: TOTAL_REQUESTS, pipelining: 1, timeout: 60, requests });
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      instance.stop();
      reject(new Error(`load did not finish within ${LOAD_BUDGET_MS} ms`));
    }, LOAD_BUDGET_MS);
  });
  try {
    const result = await Promise.race([instance, budget]);
    return { result, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** GET over a keep-alive agent (cheaper than fetch, so the read-back measures the mock, not the client). */
function get(agent: Agent, path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Reads every payment back, a few at a time (bounded pool). */
async function readBack(ids: string[], concurrency = 16) {
  const out = new Map<string, { status: number; payment?: Record<string, unknown> }>();
  const token = await getToken();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ids.length) {
          const id = ids[next++] as string;
          const { status, body } = await get(agent, `/payments/${id}`, token);
          const parsed = JSON.parse(body) as { response?: Record<string, unknown> | null };
          out.set(id, { status, ...(parsed.response ? { payment: parsed.response } : {}) });
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return out;
}

async function getToken(): Promise<string> {
  const res = await fetch(`${baseUrl}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: API_KEY, imp_secret: API_SECRET }),
  });
  return ((await res.json()) as { response: { access_token: string } }).response.access_token;
}

describe("stateful mock under load", () => {
  it(
    `${TOTAL_REQUESTS.toLocaleString("en-US")} flow requests at ${CONNECTIONS} connections: no 5xx, no lost or inconsistent payment`,
    async () => {
      const started = performance.now();
      const counters: Counters = { flows: 0, serverErrors: 0, byStep: {}, anomalies: [] };
      const ledgers = new Map<string, Ledger>();
      const { result, ms } = await runLoad(flowRequests(counters, ledgers));

      const ids = [...ledgers.keys()];
      const readStarted = performance.now();
      const stored = await readBack(ids);
      const readMs = performance.now() - readStarted;
      const health = (await (await fetch(`${baseUrl}/__mock/health`)).json()) as {
        state: { payments: number; prepares: number; evicted: number };
      };

      console.log(
        [
          `[load] ${result.requests.total} requests (${counters.flows} flows) at ${CONNECTIONS} connections in ${(ms / 1000).toFixed(1)} s: ` +
            `${Math.round(result.requests.total / (ms / 1000))} req/s overall, autocannon mean ${Math.round(result.requests.average)} req/s/s; ` +
            `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
          `[load] by step and HTTP status: ${JSON.stringify(counters.byStep)}`,
          `[load] read back ${ids.length} payments in ${(readMs / 1000).toFixed(1)} s; total ${((performance.now() - started) / 1000).toFixed(1)} s`,
        ].join("\n"),
      );

      // The load ran whole: every request answered, no flow broken off.
      expect(result.requests.total).toBe(TOTAL_REQUESTS);
      expect(result.errors + result.timeouts).toBe(0);
      expect(result.resets).toBe(0);
      expect(result["5xx"]).toBe(0);
      expect(counters.serverErrors).toBe(0);
      expect(counters.anomalies.slice(0, 5)).toEqual([]);
      expect(counters.flows).toBe(TOTAL_REQUESTS / 8);
      expect(ids.length).toBe(counters.flows);

      // Nothing lost, nothing extra: the mock holds exactly the payments and prepares created.
      expect(health.state.payments).toBe(ids.length);
      expect(health.state.prepares).toBe(counters.flows);
      expect(health.state.evicted).toBe(0);

      const problems: string[] = [];
      for (const [id, ledger] of ledgers) {
        const read = stored.get(id);
        const p = read?.payment;
        if (read?.status !== 200 || !p) {
          problems.push(`${id}: read back ${read?.status}`);
          continue;
        }
        const history = p.cancel_history as Array<{ amount: number }>;
        const historySum = history.reduce((sum, c) => sum + c.amount, 0);
        const accepted = ledger.acceptedCancels.reduce((sum, a) => sum + a, 0);
        const cancelAmount = p.cancel_amount as number;
        const expectedStatus = cancelAmount === ledger.amount ? "cancelled" : "paid";
        // Two accepted cancels for "rest" and "partial", one for "over"; every other cancel refused.
        const expectedAccepted = ledger.variant === 2 ? 1 : 2;
        if (p.merchant_uid !== ledger.merchantUid || p.amount !== ledger.amount) problems.push(`${id}: not the payment created`);
        if (historySum !== cancelAmount) problems.push(`${id}: cancel_history sums to ${historySum}, cancel_amount ${cancelAmount}`);
        if (cancelAmount > (p.amount as number)) problems.push(`${id}: cancel_amount ${cancelAmount} > amount ${p.amount}`);
        if (cancelAmount !== accepted) problems.push(`${id}: cancel_amount ${cancelAmount}, accepted cancels sum to ${accepted}`);
        if (history.length !== ledger.acceptedCancels.length)
          problems.push(`${id}: ${history.length} cancels stored, ${ledger.acceptedCancels.length} accepted`);
        if (p.status !== expectedStatus) problems.push(`${id}: status ${p.status} with cancel_amount ${cancelAmount} of ${ledger.amount}`);
        if (ledger.acceptedCancels.length !== expectedAccepted || ledger.refusals !== 3 - expectedAccepted) {
          problems.push(`${id} (variant ${ledger.variant}): ${ledger.acceptedCancels.length} cancels accepted, ${ledger.refusals} refused`);
        }
      }
      expect(problems.slice(0, 10), `${problems.length} inconsistent payments`).toEqual([]);
      // Each variant ends as designed: a third of the payments fully cancelled.
      const cancelled = [...stored.values()].filter((r) => r.payment?.status === "cancelled").length;
      expect(cancelled).toBe([...ledgers.values()].filter((l) => l.variant === 0).length);
    },
    HARD_TIMEOUT_MS,
  );
});
