import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledSpecPath, MAX_BODY_BYTES, type RunningMock, startMock } from "../../src/index.js";

const SPEC = JSON.parse(readFileSync(bundledSpecPath(), "utf8"));
const paymentExamples = SPEC.paths["/payments/{imp_uid}"].get.responses["200"].content["application/json"].examples;
/** A named example's value; the bundle may keep it under components/examples. */
function exampleValue(example: { value?: unknown; $ref?: string }): unknown {
  if (!example.$ref) return example.value;
  const name = example.$ref.replace("#/components/examples/", "");
  return SPEC.components.examples[name].value;
}
const AUTH = { authorization: "Bearer any_token" };

// Both paths: the cached fast path, and every request through Prism's full engine.
describe.each([true, false])("stateless mode (fastPath %s)", (fastPath) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, fastPath });
  });
  afterAll(() => mock.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${mock.url}${path}`, { headers: { ...AUTH, ...headers } });

  it("honours Prefer: code=404, also after the same request was answered and cached", async () => {
    expect((await get("/payments/imp_123")).status).toBe(200);
    expect((await get("/payments/imp_123")).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await get("/payments/imp_123", { prefer: "code=404" });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: expect.any(Number), response: null });
    }
    expect((await get("/payments/imp_123")).status).toBe(200);
  });

  it("honours Prefer: example=<name>", async () => {
    for (const name of Object.keys(paymentExamples)) {
      for (let i = 0; i < 2; i++) {
        const res = await get("/payments/imp_123", { prefer: `example=${name}` });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual(exampleValue(paymentExamples[name]));
      }
    }
  });

  it("answers a Prefer it cannot meet with a 400 naming what the operation documents, not a 404 that looks like PortOne's", async () => {
    const names = Object.keys(paymentExamples);
    const unknownExample = await get("/payments/imp_123", { prefer: "example=NoSuchExample" });
    expect(unknownExample.status).toBe(400);
    const unknownBody = (await unknownExample.json()) as { code: number; message: string; response: null };
    expect(unknownBody).toMatchObject({ code: -1, response: null });
    expect(unknownBody.message).toContain("example=NoSuchExample");
    for (const name of names) expect(unknownBody.message).toContain(name);

    const undocumented = await get("/payments/imp_123", { prefer: "code=418" });
    expect(undocumented.status).toBe(400);
    const undocumentedBody = (await undocumented.json()) as { message: string };
    expect(undocumentedBody.message).toContain("code=418");
    expect(undocumentedBody.message).toContain("404");

    // A known example of a named status still works, and an invalid request is still judged first.
    const known = await get("/payments/imp_123", { prefer: `code=200, example=${names[0]}` });
    expect(known.status).toBe(200);
    const invalid = await get("/payments/status/unknown", { prefer: "example=NoSuchExample" });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { violations?: unknown[] }).violations?.length).toBeGreaterThan(0);
  });

  it("issues a token that has not expired, every time", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${mock.url}/users/getToken`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ imp_key: "k", imp_secret: "s" }),
      });
      const body = (await res.json()) as { response: { now: number; expired_at: number; access_token: string } };
      const now = Math.floor(Date.now() / 1000);
      expect(Math.abs(body.response.now - now)).toBeLessThanOrEqual(2);
      expect(body.response.expired_at).toBeGreaterThan(now + 60);
      expect(body.response.access_token).toEqual(expect.any(String));
    }
  });

  it("answers 405 with an Allow header", async () => {
    const res = await fetch(`${mock.url}/users/getToken`, { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await res.json()).toMatchObject({ code: -1, response: null });
  });

  it("answers 413 in PortOne's envelope to a body over the limit", async () => {
    const res = await fetch(`${mock.url}/users/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_key: "k".repeat(MAX_BODY_BYTES), imp_secret: "s" }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: -1, response: null });
  });
});

describe.each([false, true])("empty query values (stateful %s)", (stateful) => {
  let mock: RunningMock;
  let token = "any_token";
  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful });
    if (stateful) {
      const res = await fetch(`${mock.url}/users/getToken`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ imp_key: "test_api_key", imp_secret: "test_api_secret" }),
      });
      token = ((await res.json()) as { response: { access_token: string } }).response.access_token;
    }
  });
  afterAll(() => mock.close());

  it("validates an empty value against its schema instead of reading it as absent", async () => {
    const get = (query: string) => fetch(`${mock.url}/payments/find/order_1?${query}`, { headers: { authorization: `Bearer ${token}` } });
    // `sorting` is optional with an enum: absent is fine, empty is not one of the values.
    expect((await get("")).status).not.toBe(400);
    const empty = await get("sorting=");
    expect(empty.status).toBe(400);
    const body = (await empty.json()) as { violations: Array<{ location: string }> };
    expect(body.violations.map((v) => v.location)).toContain("query.sorting");
  });
});
