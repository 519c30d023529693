import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, describe, expect, it } from "vitest";
import { createIamportClient, unwrap } from "../../src/index.js";
import { API_KEY, API_SECRET, fakePortOne, json } from "../helpers/fake-portone.js";

const log = errorLog();
log.secrets.add(API_SECRET);
afterAll(() => log.assertNoSecrets());

describe("unwrap() on refusals PortOne sends with HTTP 200", () => {
  it("throws for an envelope whose code is not 0", async () => {
    const fake = fakePortOne({ handler: () => json(200, { code: 1, message: "이미 전액취소된 주문입니다.", response: null }) });
    const c = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
    const result = await c.v1.POST("/payments/cancel", { body: { imp_uid: "imp_448280090638" } });
    expect(result.data).toBeUndefined(); // a refusal is an error in the { data, error } style too
    expect(log.record(result.error)).toMatchObject({ name: "IamportApiError", status: 200, code: 1 });
    const error = await log.rejection(unwrap(c.v1.POST("/payments/cancel", { body: { imp_uid: "imp_448280090638" } })));
    log.addTokensFrom(fake.calls);
    expect(error).toMatchObject({
      name: "IamportApiError",
      status: 200,
      code: 1,
      apiMessage: "이미 전액취소된 주문입니다.",
      operation: { method: "POST", path: "/payments/cancel" },
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ status: 200, code: 1, operation: { path: "/payments/cancel" } });
  });

  it("names a 404 by its path template", async () => {
    const fake = fakePortOne({ handler: () => json(404, { code: 1, message: "존재하지 않는 결제정보입니다.", response: null }) });
    const c = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
    const error = await log.rejection(unwrap(c.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_000000000000" } } })));
    log.addTokensFrom(fake.calls);
    expect(error).toMatchObject({ status: 404, code: 1, operation: { method: "GET", path: "/payments/{imp_uid}" } });
    expect((error as Error).message).not.toContain("imp_000000000000");
  });
});
