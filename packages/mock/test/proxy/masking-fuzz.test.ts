import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";
import { startUpstream, type Upstream } from "./upstream.js";

/** Fixed so that a failure replays exactly (fast-check prints the counterexample). */
const SEED = 20261201;
const RUNS = 40;

let upstream: Upstream;
let proxy: RunningMock;
let recordDir: string;
const logs: string[] = [];

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push(...(entry.isDirectory() ? await allFiles(path) : [path]));
  }
  return out;
}

beforeAll(async () => {
  upstream = await startUpstream();
  recordDir = await mkdtemp(join(tmpdir(), "iamport-proxy-fuzz-"));
  proxy = await startMock({ port: 0, proxy: { upstream: upstream.url, recordDir, log: (line) => logs.push(line) } });
});

afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
  if (recordDir) await rm(recordDir, { recursive: true, force: true });
});

const digits = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(""));
/** Card numbers as clients send them: 15 to 16 digits, bare or grouped by dashes or spaces. */
const cardNumber = fc
  .tuple(fc.oneof(digits(16), digits(15)), fc.constantFrom("", "-", " "))
  .map(([number, separator]) => (separator ? (number.match(/.{1,4}/g) ?? []).join(separator) : number))
  // The recordings' own fake card digits are not a leak.
  .filter((number) => !/^(42)+4?$/.test(number.replace(/\D/g, "")));
const secret = fc.stringMatching(/^[A-Za-z0-9]{20,40}$/);

describe("masking (fuzzed)", () => {
  it("never lets a generated card number, API secret or token reach the report, the recordings or the logs", async () => {
    const leaked: string[] = [];
    await fc.assert(
      fc.asyncProperty(cardNumber, secret, secret, async (card, apiSecret, token) => {
        const tokenAnswer = await fetch(`${proxy.url}/users/getToken`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ imp_key: "1234567890123456", imp_secret: apiSecret }),
        });
        const issued = ((await tokenAnswer.json()) as { response: { access_token: string } }).response.access_token;
        const payment = await fetch(`${proxy.url}/subscribe/payments/onetime`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({
            merchant_uid: `order_${token.slice(0, 6)}`,
            amount: 1000,
            card_number: card,
            expiry: "2029-12",
            birth: "900101",
            pwd_2digit: "12",
          }),
        });
        // The answer passes through untouched: the client does see its card number.
        expect(await payment.text()).toContain(card);
        const report = await (await fetch(`${proxy.url}/__mock/drift`)).text();
        const recordings = (await Promise.all((await allFiles(recordDir)).map((file) => readFile(file, "utf8")))).join("\n");
        const logText = logs.join("\n");
        for (const value of [card, apiSecret, token, issued]) {
          for (const [where, text] of [
            ["report", report],
            ["recordings", recordings],
            ["logs", logText],
          ] as const) {
            if (text.includes(value)) leaked.push(`${where} contains ${value}`);
          }
        }
        return leaked.length === 0;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(leaked).toEqual([]);
    // The check did look at something: the echoed card number was reported as drift, masked.
    const report = (await (await fetch(`${proxy.url}/__mock/drift`)).json()) as { drift: Array<{ location: string; seen: unknown }> };
    const rawCard = report.drift.find((d) => d.location === "/response/raw_card");
    expect(rawCard?.seen).toBe("[masked]");
    expect(report.drift.find((d) => d.location === "/response/note")?.seen).toMatch(/^card \[masked\] ok$/);
  });
});
