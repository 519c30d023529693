import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_API_KEY, DEFAULT_API_SECRET, type RunningMock, startMock } from "@iamport-contract/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal, send } from "./mock-check.js";
import { loadSamples, type Sample } from "./samples.js";
import { specProblems } from "./spec-check.js";

/**
 * Replays every request that public PortOne clients send (samples/*.json)
 * against the spec and against the mock in both modes. A sample may be
 * refused only where expected-refusals.json says so (with a reason and the
 * evidence), or where the sample itself says PortOne refuses it
 * (`expect: "refused"`). The match is exact in both directions: a sample
 * refused without an entry fails, and so does an entry whose sample is now
 * accepted by that checker, so the list can never go stale silently.
 */

type Checker = "spec" | "stateless" | "stateful";
const CHECKERS: Checker[] = ["spec", "stateless", "stateful"];
interface ExpectedRefusal {
  refusedBy: Checker[];
  /** Whether PortOne serves this request: true marks an open defect of ours, false a refusal PortOne makes too. */
  portoneAccepts: boolean;
  reason: string;
  /** Where PortOne's behaviour is shown: a client's repository and path, or a developer-center page. */
  evidence: string;
}

const SAMPLES = loadSamples();
const EXPECTED = JSON.parse(readFileSync(join(import.meta.dirname, "expected-refusals.json"), "utf8")) as Record<string, ExpectedRefusal>;
const refusals: Record<Checker, Map<string, string>> = { spec: new Map(), stateless: new Map(), stateful: new Map() };

let stateless: RunningMock;
let stateful: RunningMock;

async function tokenOf(mock: RunningMock): Promise<string> {
  const response = await fetch(`${mock.url}/users/getToken`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ imp_key: DEFAULT_API_KEY, imp_secret: DEFAULT_API_SECRET }),
  });
  const body = (await response.json()) as { response?: { access_token?: string } };
  const token = body.response?.access_token;
  if (!token) throw new Error(`getToken answered HTTP ${response.status} without a token`);
  return token;
}

async function replay(mock: RunningMock, token: string, into: Map<string, string>, shapeAccepted?: (id: string) => boolean): Promise<void> {
  for (const sample of SAMPLES) {
    const answer = await send(mock.url, sample, token);
    // The stateful mock answers from its own records: a 400 without schema violations for a request
    // whose shape the spec and the stateless mock accept is a business answer about state the mock
    // does not hold (a receipt for an unknown payment: PortOne documents those as 400), not a refusal.
    const violations = (answer.body as { violations?: unknown } | undefined)?.violations;
    if (shapeAccepted?.(sample.id) && answer.status === 400 && violations === undefined) continue;
    const why = refusal(answer, sample.path);
    if (why) into.set(sample.id, why);
  }
}

beforeAll(async () => {
  [stateless, stateful] = await Promise.all([startMock({ port: 0 }), startMock({ port: 0, stateful: true })]);
  for (const sample of SAMPLES) {
    const problems = specProblems(sample);
    if (problems.length > 0) refusals.spec.set(sample.id, problems.join(" | "));
  }
  await replay(stateless, "any-token-stateless-accepts", refusals.stateless);
  await replay(stateful, await tokenOf(stateful), refusals.stateful, (id) => !refusals.spec.has(id) && !refusals.stateless.has(id));
  const total = SAMPLES.length;
  const servedByPortOne = SAMPLES.filter((s) => s.expect !== "refused");
  const lines = CHECKERS.map(
    (checker) =>
      `${checker}: accepted ${total - refusals[checker].size} of ${total}; ` +
      `of the ${servedByPortOne.length} that PortOne serves: ${servedByPortOne.filter((s) => !refusals[checker].has(s.id)).length}`,
  );
  for (const checker of CHECKERS) {
    for (const [id, why] of refusals[checker]) lines.push(`  refused by ${checker}: ${id}: ${why}`);
  }
  // Per client (source repository): samples PortOne serves, and how many each checker accepts (FINDINGS.md's table).
  const repos = [...new Set(SAMPLES.map((s) => s.source.repo))].sort();
  lines.push(`per client (PortOne serves | ${CHECKERS.join(" | ")}):`);
  for (const repo of repos) {
    const served = servedByPortOne.filter((s) => s.source.repo === repo);
    const counts = CHECKERS.map((checker) => served.filter((s) => !refusals[checker].has(s.id)).length);
    lines.push(`  ${repo} | ${served.length} | ${counts.join(" | ")}`);
  }
  console.log(`real-request replay\n${lines.join("\n")}`);
}, 240_000);

afterAll(async () => {
  await Promise.all([stateless?.close(), stateful?.close()]);
});

describe("the replay corpus", () => {
  it("is broad: 150+ samples with unique ids over 40+ operations, each naming its source", () => {
    const ids = SAMPLES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(SAMPLES.length).toBeGreaterThanOrEqual(150);
    const operations = new Set(SAMPLES.map((s) => `${s.method} ${s.path.split("/").slice(1, 3).join("/")}`));
    expect(operations.size).toBeGreaterThanOrEqual(20);
    for (const sample of SAMPLES) {
      expect(sample.source.repo, sample.id).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(sample.source.path, sample.id).not.toBe("");
    }
  });

  it("lists only real sample ids in expected-refusals.json, each with a reason and evidence", () => {
    const byId = new Map(SAMPLES.map((s) => [s.id, s]));
    for (const [id, entry] of Object.entries(EXPECTED)) {
      expect(byId.has(id), `${id} is not a sample`).toBe(true);
      // A sample PortOne refuses carries that in the sample itself; the list is for everything else.
      expect(byId.get(id)?.expect, `${id} says expect: refused; do not list it twice`).toBeUndefined();
      expect(entry.reason.length, id).toBeGreaterThan(10);
      expect(entry.evidence.length, id).toBeGreaterThan(10);
      expect(typeof entry.portoneAccepts, id).toBe("boolean");
      expect(entry.refusedBy.length, id).toBeGreaterThan(0);
      expect(
        entry.refusedBy.every((checker) => CHECKERS.includes(checker)),
        id,
      ).toBe(true);
    }
  });

  it("names the evidence of every sample PortOne refuses", () => {
    for (const sample of SAMPLES.filter((s) => s.expect === "refused")) expect(sample.evidence?.length ?? 0, sample.id).toBeGreaterThan(10);
  });
});

describe("the checkers themselves", () => {
  // Proves the replay can fail: a request every checker must refuse.
  const malformed: Sample = {
    id: "control/prepare-without-amount",
    source: { repo: "none/none", path: "-" },
    method: "POST",
    path: "/payments/prepare",
    contentType: "application/json",
    body: { merchant_uid: "order_control_0001", amount: "not a number at all" },
  };

  it("refuse a malformed request in the spec and in both mock modes", async () => {
    expect(specProblems(malformed).join(" ")).toMatch(/amount/);
    expect(refusal(await send(stateless.url, malformed, "any"))).toMatch(/^HTTP 400/);
    expect(refusal(await send(stateful.url, malformed, await tokenOf(stateful)))).toMatch(/^HTTP 400/);
  });

  it("refuse a path the spec does not describe", async () => {
    const unknown = { ...malformed, path: "/payments/no-such-operation/at-all", body: undefined, contentType: undefined };
    expect(specProblems(unknown).join(" ")).toMatch(/no operation/);
    expect(refusal(await send(stateless.url, unknown, "any"))).toMatch(/^HTTP 40[45]/);
  });
});

describe.each(CHECKERS)("replayed against the %s", (checker) => {
  it("refuses exactly the samples expected-refusals.json lists for it", () => {
    const expected = [
      ...Object.entries(EXPECTED)
        .filter(([, entry]) => entry.refusedBy.includes(checker))
        .map(([id]) => id),
      ...SAMPLES.filter((s) => s.expect === "refused").map((s) => s.id),
    ].sort();
    const unexpected = [...refusals[checker].entries()].filter(([id]) => !expected.includes(id));
    const nowAccepted = expected.filter((id) => !refusals[checker].has(id));
    expect({ unexpected, nowAccepted }).toEqual({ unexpected: [], nowAccepted: [] });
  });

  it("refuses every sample that PortOne itself refuses", () => {
    const refusedByPortOne = SAMPLES.filter((s: Sample) => s.expect === "refused").map((s) => s.id);
    expect(refusedByPortOne.filter((id) => !refusals[checker].has(id))).toEqual([]);
  });
});
