import { loadBundle } from "@iamport-contract/spec/toolkit";
import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { createIamportClient, IamportApiError, type IamportClient, isRefusal, type Payment, unwrap } from "../../src/index.js";
import { KNOWN_REFUSALS } from "../../src/refusals.js";
import { API_KEY, API_SECRET, envelope, fakePortOne, type Handler, json, refusal } from "../helpers/fake-portone.js";

const log = errorLog();
log.secrets.add(API_SECRET);
afterAll(() => log.assertNoSecrets());

function setup(handler: Handler) {
  const fake = fakePortOne({ handler });
  const client = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
  return { fake, client };
}
const cancel = (client: IamportClient) => client.v1.POST("/payments/cancel", { body: { imp_uid: "imp_448280090638" } });

describe("a refusal (code ≠ 0) is an error in every style", () => {
  it("{ data, error }: HTTP 200 with code 1 gives error and no data", async () => {
    const { fake, client } = setup(() => json(200, refusal(1, "이미 전액취소된 주문입니다.")));
    const { data, error, response } = await cancel(client);
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
    expect(log.record(error)).toBeInstanceOf(IamportApiError);
    expect(error).toMatchObject({
      status: 200,
      code: 1,
      apiMessage: "이미 전액취소된 주문입니다.",
      operation: { method: "POST", path: "/payments/cancel" },
    });
    expect(isRefusal(error)).toBe(true);
    expect(isRefusal(error, 1)).toBe(true);
    expect(isRefusal(error, -1)).toBe(false);
    log.addTokensFrom(fake.calls);
  });

  it("unwrap throws the same error", async () => {
    const { fake, client } = setup(() => json(200, refusal(-1, "카드사 승인 거절: 한도초과")));
    const thrown = await log.rejection(unwrap(cancel(client)));
    const { error } = await cancel(client);
    expect(thrown).toBeInstanceOf(IamportApiError);
    expect({ ...(thrown as object) }).toEqual({ ...error });
    log.addTokensFrom(fake.calls);
  });

  it("HTTP 4xx/5xx gives the same typed error, and isRefusal tells an envelope refusal from a bare HTTP failure", async () => {
    const { fake, client } = setup((call) =>
      call.path.endsWith("404") ? json(404, refusal(1, "존재하지 않는 결제정보입니다.")) : new Response("Bad Gateway", { status: 502 }),
    );
    const notFound = await client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_404" } } });
    expect(log.record(notFound.error)).toMatchObject({ name: "IamportApiError", status: 404, code: 1 });
    expect(isRefusal(notFound.error)).toBe(true);
    const badGateway = await cancel(client);
    expect(log.record(badGateway.error)).toMatchObject({ name: "IamportApiError", status: 502, code: undefined });
    expect(isRefusal(badGateway.error)).toBe(false);
    expect(isRefusal(new Error("x"))).toBe(false);
    log.addTokensFrom(fake.calls);
  });

  it("success keeps data and no error", async () => {
    const { fake, client } = setup(() => json(200, envelope({ imp_uid: "imp_448280090638", status: "cancelled" })));
    const { data, error } = await cancel(client);
    expect(error).toBeUndefined();
    expect(data?.response.imp_uid).toBe("imp_448280090638");
    log.addTokensFrom(fake.calls);
  });

  it("types: data is the success envelope alone, so data.response needs no narrowing after an error check", () => {
    const check = async (client: IamportClient) => {
      const { data, error } = await cancel(client);
      if (error) {
        expectTypeOf(error).toEqualTypeOf<IamportApiError>();
        expectTypeOf(data).toEqualTypeOf<undefined>();
        return;
      }
      expectTypeOf(data.code).toEqualTypeOf<number>();
      expectTypeOf(data.response).toEqualTypeOf<Payment>();
      const impUid: string = data.response.imp_uid;
      return impUid;
    };
    expectTypeOf(check).toBeFunction();
  });
});

describe("the refusal catalogue", () => {
  it("lists, from the spec's examples, every refusal with its operation, status, code and message", () => {
    const spec = loadBundle();
    expect(KNOWN_REFUSALS.length).toBeGreaterThan(10);
    for (const known of KNOWN_REFUSALS) {
      expect(spec.paths[known.path]?.[known.method.toLowerCase()], `${known.method} ${known.path}`).toBeDefined();
      expect(known.code).not.toBe(0);
    }
    expect(KNOWN_REFUSALS).toContainEqual({
      method: "POST",
      path: "/payments/cancel",
      status: 200,
      code: 1,
      message: "이미 전액취소된 주문입니다.",
    });
  });
});
