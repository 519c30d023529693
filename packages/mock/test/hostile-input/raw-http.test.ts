import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";

/** What `fetch` cannot send: request targets and framings a raw HTTP client can. */
function send(mock: RunningMock, options: { method: string; path: string; headers?: Record<string, string>; chunks?: string[] }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: mock.port, method: options.method, path: options.path, headers: options.headers, timeout: 10_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timed out")));
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe.each([false, true])("raw HTTP requests (stateful %s)", (stateful) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful });
  });
  afterAll(() => mock.close());

  it("routes an absolute-form request target by its path", async () => {
    const res = await send(mock, {
      method: "GET",
      path: `http://127.0.0.1:${mock.port}/payments/imp_1`,
      headers: { authorization: "Bearer t" },
    });
    // Stateless: the example; stateful: the token is not one it issued.
    expect(res.status).toBe(stateful ? 401 : 200);
  });

  it("reads a chunked body, and ignores one sent with a GET that takes none", async () => {
    const post = await send(mock, {
      method: "POST",
      path: "/users/getToken",
      headers: { "content-type": "application/json" },
      chunks: ['{"imp_key":"test_api_key",', '"imp_secret":"test_api_secret"}'],
    });
    expect(post.status).toBe(200);
    const token = JSON.parse(post.body).response.access_token as string;
    const get = await send(mock, {
      method: "GET",
      path: "/payments/imp_1",
      // Node's client frames a GET's body only when told to.
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "transfer-encoding": "chunked" },
      chunks: ["[", "]"],
    });
    expect(get.status).toBe(stateful ? 404 : 200);
  });

  it("answers OPTIONS *, HEAD and a path of dot segments in PortOne's envelope, without a 5xx", async () => {
    const answers = await Promise.all([
      send(mock, { method: "OPTIONS", path: "*" }),
      send(mock, { method: "HEAD", path: "/payments/imp_1", headers: { authorization: "Bearer t" } }),
      send(mock, { method: "GET", path: "/payments/../payments/./imp_1", headers: { authorization: "Bearer t" } }),
      send(mock, { method: "GET", path: `/payments?${"page=1&".repeat(5_000)}`, headers: { authorization: "Bearer t" } }),
    ]);
    for (const answer of answers) expect(answer.status).toBeLessThan(500);
    expect(answers[0]?.status).toBe(404);
    expect(JSON.parse(answers[0]?.body ?? "")).toMatchObject({ code: -1, response: null });
    expect(answers[1]?.status).toBe(405);
    // Dot segments resolve as URL parsing resolves them: this is GET /payments/imp_1.
    expect(answers[2]?.status).toBe(stateful ? 401 : 200);
  });
});
