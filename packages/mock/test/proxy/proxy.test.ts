import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type DriftRecord, type DriftReportJson, type RunningMock, startMock } from "../../src/index.js";
import { direct, HUGE_BYTES, SLOW_MS, startUpstream, type Upstream } from "./upstream.js";

const TOKEN = "Bearer tok_proxy_test_0123456789";
const VALIDATED_LIMIT = 64 * 1024;

let upstream: Upstream;
let proxy: RunningMock;
let recordDir: string;
const logs: string[] = [];

beforeAll(async () => {
  upstream = await startUpstream();
  recordDir = await mkdtemp(join(tmpdir(), "iamport-proxy-rec-"));
  proxy = await startMock({
    port: 0,
    proxy: { upstream: upstream.url, recordDir, maxValidatedBytes: VALIDATED_LIMIT, log: (line) => logs.push(line) },
  });
});

afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
  if (recordDir) await rm(recordDir, { recursive: true, force: true });
});

const get = (path: string) => direct(`${proxy.url}${path}`, { headers: { authorization: TOKEN } });
const report = async (): Promise<DriftReportJson> => (await fetch(`${proxy.url}/__mock/drift`)).json() as Promise<DriftReportJson>;
const recordsFor = (r: DriftReportJson, operationPath: string, kind: string): DriftRecord[] =>
  r.drift.filter((d) => d.kind === kind && d.operation === `GET /payments/{imp_uid}` && d.location.startsWith(operationPath));

describe("pass-through", () => {
  const paths = [
    "/payments/imp_valid",
    "/payments/imp_unknown",
    "/payments/imp_null",
    "/payments/imp_missing",
    "/payments/imp_refused",
    "/payments/imp_500",
    "/payments/imp_html",
    "/payments/imp_slow",
  ];

  it.each(paths)("answers %s exactly as the upstream does (status, body bytes, headers)", async (path) => {
    const viaProxy = await get(path);
    const straight = await direct(`${upstream.url}${path}`, { headers: { authorization: TOKEN } });
    expect(viaProxy.status).toBe(straight.status);
    expect(viaProxy.body.equals(straight.body)).toBe(true);
    for (const header of ["content-type", "x-upstream", "content-length", "set-cookie"]) {
      expect(viaProxy.headers.get(header), header).toBe(straight.headers.get(header));
    }
  });

  it("forwards the request unchanged, Authorization included, body and query byte for byte", async () => {
    const body = JSON.stringify({ imp_uid: "imp_123", reason: "고객 요청", amount: 1000 });
    const before = upstream.received.length;
    const answer = await direct(`${proxy.url}/payments/cancel?x=1&x=2`, {
      method: "POST",
      headers: { authorization: TOKEN, "content-type": "application/json" },
      body,
    });
    expect(answer.status).toBe(200);
    const seen = upstream.received[before];
    expect(seen?.method).toBe("POST");
    expect(seen?.url).toBe("/payments/cancel?x=1&x=2");
    expect(seen?.body).toBe(body);
    expect(seen?.headers.authorization).toBe(TOKEN);
  });

  it("streams a body far over the validation limit whole, and reports it as too large to validate", async () => {
    const viaProxy = await get("/payments/imp_huge");
    const straight = await direct(`${upstream.url}/payments/imp_huge`);
    expect(viaProxy.body.length).toBeGreaterThan(HUGE_BYTES);
    expect(createHash("sha256").update(viaProxy.body).digest("hex")).toBe(createHash("sha256").update(straight.body).digest("hex"));
    const tooLarge = (await report()).drift.filter((d) => d.kind === "too-large-to-validate");
    expect(tooLarge).toHaveLength(1);
    expect(tooLarge[0]?.expected).toContain(String(VALIDATED_LIMIT));
  });
});

describe("drift report", () => {
  beforeAll(async () => {
    // Each drifting answer twice: one record per kind, counted twice.
    for (const path of [
      "/payments/imp_unknown",
      "/payments/imp_null",
      "/payments/imp_missing",
      "/payments/imp_refused",
      "/payments/imp_500",
      "/payments/imp_html",
    ]) {
      await get(path);
      await get(path);
    }
  });

  it("reports an undocumented field once, with its schema path", async () => {
    const [record, ...more] = recordsFor(await report(), "/response/promotion_id", "undocumented-field");
    expect(more).toHaveLength(0);
    expect(record?.schemaPath).toBe("#/components/schemas/Payment/properties");
    expect(record?.seen).toBe("PROMO_2026");
    expect(record?.count).toBeGreaterThanOrEqual(2);
    expect(record?.direction).toBe("response");
    expect(Date.parse(record?.lastSeen ?? "")).toBeGreaterThanOrEqual(Date.parse(record?.firstSeen ?? ""));
  });

  it("reports a null where the spec says string as a wrong type, with its schema path", async () => {
    const records = recordsFor(await report(), "/response/merchant_uid", "wrong-type");
    expect(records).toHaveLength(1);
    expect(records[0]?.schemaPath).toBe("#/components/schemas/Payment/properties/merchant_uid/type");
    expect(records[0]?.expected).toBe("type string");
    expect(records[0]?.seen).toBeNull();
  });

  it("reports a missing required field once, with its schema path", async () => {
    const records = recordsFor(await report(), "/response/status", "missing-field");
    expect(records).toHaveLength(1);
    expect(records[0]?.schemaPath).toBe("#/components/schemas/Payment/required");
  });

  it("reports an HTTP 200 refusal where the operation documents none, and not where it does", async () => {
    const r = await report();
    expect(r.drift.some((d) => d.operation === "GET /payments/{imp_uid}" && d.location === "/response" && d.kind === "wrong-type")).toBe(
      true,
    );
    expect(r.drift.filter((d) => d.operation === "POST /payments/cancel" && d.direction === "response")).toEqual([]);
  });

  it("reports an undocumented status and a non-JSON answer", async () => {
    const r = await report();
    const status = r.drift.filter((d) => d.kind === "undocumented-status" && d.seen === 500);
    expect(status).toHaveLength(1);
    const notJson = r.drift.filter((d) => d.kind === "not-json");
    expect(notJson).toHaveLength(1);
    expect(notJson[0]?.seen).toContain("text/html");
  });

  it("validates a gzip-compressed answer, passed through still compressed", async () => {
    const viaProxy = await get("/payments/imp_gzip");
    const straight = await direct(`${upstream.url}/payments/imp_gzip`);
    // fetch decompresses both sides alike; the header shows the proxy left the encoding as it was.
    expect(viaProxy.body.equals(straight.body)).toBe(true);
    expect(viaProxy.headers.get("content-encoding")).toBe("gzip");
    expect(recordsFor(await report(), "/response/gzip_only_field", "undocumented-field")).toHaveLength(1);
  });

  it("judges a oneOf answer by the branch it is closest to: one record, not one per branch", async () => {
    const body = JSON.stringify({ customer_uid: "customer_1", merchant_uid: "order_1", amount: 1000, name: "정기결제" });
    await direct(`${proxy.url}/subscribe/payments/again`, {
      method: "POST",
      headers: { authorization: TOKEN, "content-type": "application/json" },
      body,
    });
    const records = (await report()).drift.filter((d) => d.operation === "POST /subscribe/payments/again" && d.direction === "response");
    expect(records.map((d) => [d.kind, d.location, d.schemaPath])).toEqual([
      ["wrong-type", "/response/merchant_uid", "#/components/schemas/Payment/properties/merchant_uid/type"],
    ]);
  });

  it("reports requests that break the spec, and paths the spec does not know, and still forwards them", async () => {
    expect((await get("/payments/imp_valid?include_sandbox=maybe")).status).toBe(200);
    expect((await get("/nowhere/documented")).status).toBe(404);
    const r = await report();
    const badQuery = r.drift.filter((d) => d.direction === "request" && d.location === "query.include_sandbox");
    expect(badQuery).toHaveLength(1);
    expect(badQuery[0]?.operation).toBe("GET /payments/{imp_uid}");
    expect(r.drift.filter((d) => d.kind === "unknown-operation" && d.seen === "GET /nowhere/documented")).toHaveLength(1);
  });

  it("finds no drift in the spec's own example passed through", async () => {
    const before = (await report()).drift.length;
    await get("/payments/imp_valid");
    await get("/payments/imp_slow");
    const after = await report();
    expect(after.drift.length).toBe(before);
  });
});

describe("recordings", () => {
  it("saves each distinct response shape once per operation, in the spec's example format, with a verdict", async () => {
    const folder = join(recordDir, "getPayment");
    const files = (await readdir(folder)).sort();
    // valid, unknown field, null, missing field, refusal, 500 envelope, gzip's extra field: seven shapes (slow = valid).
    expect(files).toHaveLength(7);
    const texts = await Promise.all(files.map((f) => readFile(join(folder, f), "utf8")));
    const unknown = texts.find((t) => t.includes("promotion_id"));
    expect(unknown).toMatch(/# contradicts the spec:\n# {3}- undocumented-field at \/response\/promotion_id/);
    const parsed = parse(unknown ?? "") as { summary: string; value: { response: Record<string, unknown> } };
    expect(parsed.summary).toMatch(/^Recorded GET \/payments\/\{imp_uid\} answer 200/);
    expect(parsed.value.response.buyer_name).toBe("김포트");
    expect(parsed.value.response.imp_uid).toMatch(/^imp_(42)+$/);
    expect(texts.filter((t) => t.includes("# matches the spec"))).toHaveLength(1);
  });
});

describe("an unreachable upstream", () => {
  it("answers 502 in PortOne's envelope", async () => {
    // A port that was free a moment ago and has nobody listening now.
    const placeholder = createServer();
    await new Promise<void>((resolve) => placeholder.listen(0, "127.0.0.1", resolve));
    const { port } = placeholder.address() as AddressInfo;
    await new Promise<void>((resolve) => placeholder.close(() => resolve()));
    const lines: string[] = [];
    const lonely = await startMock({ port: 0, proxy: { upstream: `http://127.0.0.1:${port}`, log: (line) => lines.push(line) } });
    try {
      const response = await fetch(`${lonely.url}/payments/imp_1`, { headers: { authorization: TOKEN } });
      expect(response.status).toBe(502);
      const body = (await response.json()) as { code: number; message: string; response: null };
      expect(body).toMatchObject({ code: -1, response: null });
      expect(body.message).toMatch(/unreachable \(ECONNREFUSED\)/);
      expect(lines.join("\n")).not.toContain("tok_proxy_test");
    } finally {
      await lonely.close();
    }
  });

  it("answers 504 in PortOne's envelope when the upstream does not answer in time", async () => {
    const impatient = await startMock({ port: 0, proxy: { upstream: upstream.url, timeoutMs: SLOW_MS / 3, log: () => {} } });
    try {
      const response = await fetch(`${impatient.url}/payments/imp_slow`, { headers: { authorization: TOKEN } });
      expect(response.status).toBe(504);
      expect(await response.json()).toMatchObject({ code: -1, response: null, message: expect.stringMatching(/did not answer within/) });
    } finally {
      await impatient.close();
    }
  });

  it("refuses a bad upstream URL with a clear error", async () => {
    await expect(startMock({ port: 0, proxy: "ftp://example.invalid" })).rejects.toThrow(/must use http or https/);
    await expect(startMock({ port: 0, proxy: "not a url" })).rejects.toThrow(/absolute http\(s\) URL/);
  });
});

describe("the supplements API", () => {
  it("goes to its own upstream when one is given, the V1 paths to the other", async () => {
    const supplements = await startUpstream();
    const split = await startMock({ port: 0, proxy: { upstream: upstream.url, supplementsUpstream: supplements.url, log: () => {} } });
    try {
      const before = upstream.received.length;
      await (await fetch(`${split.url}/api/supplements/v1/link/payment/abc123`, { headers: { authorization: TOKEN } })).text();
      await (await fetch(`${split.url}/payments/imp_valid`, { headers: { authorization: TOKEN } })).text();
      expect(supplements.received.map((r) => r.url)).toEqual(["/api/supplements/v1/link/payment/abc123"]);
      expect(upstream.received.slice(before).map((r) => r.url)).toEqual(["/payments/imp_valid"]);
    } finally {
      await split.close();
      await supplements.close();
    }
  });
});

describe("GET /__mock/drift outside the proxy mode", () => {
  it("answers 404 in the envelope", async () => {
    const plain = await startMock({ port: 0 });
    try {
      const response = await fetch(`${plain.url}/__mock/drift`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { message: string }).message).toMatch(/--proxy/);
    } finally {
      await plain.close();
    }
  });
});
