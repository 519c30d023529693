import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";

let mock: RunningMock;
let token: string;

beforeAll(async () => {
  mock = await startMock({ port: 0, stateful: true });
  const res = await fetch(`${mock.url}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: "test_control_client", imp_secret: "test_api_secret" }),
  });
  token = ((await res.json()) as { response: { access_token: string } }).response.access_token;
});
afterAll(() => mock.close());

describe("startMock's typed control client", () => {
  it("is typed from control-openapi.yaml", () => {
    expectTypeOf<Awaited<ReturnType<RunningMock["control"]["clock"]>>["data"]>().toEqualTypeOf<
      { now: number; offset_seconds: number; executed_schedules?: string[] } | undefined
    >();
    // @ts-expect-error: the control spec allows only 400-599 as a fault status
    const invalid: Parameters<RunningMock["control"]["addFault"]>[0] = { operation: "getPayment", status: "503" };
    expect(invalid).toBeDefined();
  });

  it("moves the token's merchant's clock, sets and spends a fault, and resets that merchant", async () => {
    const moved = await mock.control.setClock({ advance_seconds: 60 }, { token });
    expect(moved.data?.offset_seconds).toBe(60);
    expect((await mock.control.clock()).data?.offset_seconds).toBe(0); // the configured key's merchant

    const fault = await mock.control.addFault({ operation: "getPayment", refusal: { code: -3, message: "busy" } }, { token });
    expect(fault.data?.faults).toHaveLength(1);
    const refused = await fetch(`${mock.url}/payments/imp_1`, { headers: { authorization: `Bearer ${token}` } });
    expect(await refused.json()).toEqual({ code: -3, message: "busy", response: null });
    expect((await mock.control.clearFaults({ token })).data?.faults).toEqual([]);

    const reset = await mock.control.reset({ token });
    expect(reset.data?.offset_seconds).toBe(0);
    expect((await mock.control.clock({ token })).error).toMatchObject({ code: -1 }); // its token is forgotten
    expect((await mock.control.reset({ all: true })).response.status).toBe(200);
    expect((await mock.control.webhooks()).data?.webhooks).toEqual([]);
    expect((await mock.control.health()).data).toMatchObject({ status: "ok", stateful: true });
  });
});
