import { IamportApiError } from "@iamport-contract/client";
import { handleWebhook, parseWebhook, WebhookParseError } from "@iamport-contract/client/payments";
import type { PaymentWebhook } from "@iamport-contract/client/types";
import { seededRandom } from "@iamport-contract/test-support/seeded-random";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StatefulMock, startStatefulMock } from "./stateful-mock.js";

const SEED = 20261126;
const COUNT = 400;
const REASONS = ["unsupported_body", "too_large", "invalid_json", "not_an_object", "missing_field", "invalid_field", "unreadable"];
const FIELDS = ["imp_uid", "merchant_uid", "status", "customer_uid"];
const POLLUTERS = ["__proto__", "constructor", "prototype"];

function generator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (max: number) => Math.floor(random() * max);
  const junkString = (): string =>
    pick([
      () => "",
      () => " ",
      () => "imp_448280090638",
      () => "paid",
      () => "x".repeat(int(300)),
      () => "9".repeat(70_000 + int(1000)), // huge
      () => "\u0000\u001f\u007f",
      () => "주문_한글_🙂",
      () => "imp_1\r\nX-Injected: 1",
      () => '{"imp_uid":',
      () => "%E0%A4%A",
      () => String.fromCharCode(...Array.from({ length: 20 }, () => int(0xffff))),
    ])();
  const scalar = (): unknown =>
    pick([
      () => null,
      () => undefined,
      () => int(1e12),
      () => -0,
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => true,
      () => BigInt(int(100)),
      () => Symbol("s"),
      junkString,
      () => pick(["ready", "paid", "cancelled", "failed"]),
    ])();
  const nested = (depth: number): unknown => {
    if (depth <= 0) return scalar();
    return pick([
      () => Array.from({ length: int(4) }, () => nested(depth - 1)),
      () => Object.fromEntries(Array.from({ length: int(4) }, () => [pick([...FIELDS, ...POLLUTERS, junkString()]), nested(depth - 1)])),
      () => scalar(),
    ])();
  };
  const validish = (): Record<string, unknown> => ({ imp_uid: "imp_448280090638", merchant_uid: "order_fuzz", status: "paid" });
  const mutated = (): Record<string, unknown> => {
    const body = validish();
    for (let i = 0, n = 1 + int(3); i < n; i++) {
      const key = pick([...FIELDS, ...POLLUTERS, junkString()]);
      if (random() < 0.3) delete body[key];
      else body[key] = pick([scalar, () => nested(2)])();
    }
    return body;
  };
  const asJsonText = (value: unknown): string => {
    try {
      return JSON.stringify(value, (_k, v) => (typeof v === "bigint" || typeof v === "symbol" ? String(v) : v)) ?? "undefined";
    } catch {
      return "{";
    }
  };
  const pollutedJson = (): string =>
    pick([
      () => `{"__proto__":{"polluted":"yes"},"imp_uid":"imp_1","merchant_uid":"o","status":"paid"}`,
      () => `{"constructor":{"prototype":{"polluted":"yes"}},"imp_uid":"imp_1","merchant_uid":"o","status":"paid"}`,
      () => `{"__proto__":{"imp_uid":"imp_1","merchant_uid":"o","status":"paid"}}`,
      () => "__proto__[polluted]=yes&imp_uid=imp_1&merchant_uid=o&status=paid",
      () => "constructor[prototype][polluted]=yes&status=paid",
    ])();
  const circular = (): unknown => {
    const body: Record<string, unknown> = validish();
    body.self = body;
    body.imp_uid = body;
    return body;
  };
  const hostile = (): unknown =>
    pick([
      () =>
        new Proxy(validish(), {
          get: () => {
            throw new Error("get trap");
          },
        }),
      () =>
        new Proxy(validish(), {
          getOwnPropertyDescriptor: () => {
            throw new Error("gopd trap");
          },
        }),
      () =>
        new Proxy(validish(), {
          getPrototypeOf: () => {
            throw new Error("proto trap");
          },
        }),
      () =>
        Object.defineProperty(validish(), "status", {
          get: () => {
            throw new Error("getter");
          },
        }),
      () => ({
        ...validish(),
        status: {
          toString: () => {
            throw new Error("toString");
          },
        },
      }),
      () => {
        const { proxy, revoke } = Proxy.revocable(validish(), {});
        revoke();
        return proxy;
      },
    ])();
  return (): unknown =>
    pick([
      scalar,
      () => nested(3),
      mutated,
      () => asJsonText(mutated()),
      () => asJsonText(nested(3)),
      () => asJsonText(mutated()).slice(0, int(60)), // truncated JSON
      () => new URLSearchParams(Object.entries(mutated()).map(([k, v]) => [k, String(typeof v === "symbol" ? "sym" : v)])).toString(),
      () => new URLSearchParams(`imp_uid=${junkString()}&merchant_uid=o&status=${pick(["paid", "PAID", ""])}`),
      () => new TextEncoder().encode(asJsonText(mutated())),
      () => Uint8Array.from({ length: int(40) }, () => int(256)),
      pollutedJson,
      circular,
      hostile,
      () => [validish()],
      () => new Date(),
      () => new Map(Object.entries(validish())),
      () => () => validish(),
      validish,
    ])();
}

/** Checks a parse result against the spec's PaymentWebhook, independently of the parser. */
function assertNotice(notice: PaymentWebhook) {
  expect(Object.getPrototypeOf(notice)).toBe(Object.prototype);
  for (const key of Object.keys(notice)) expect(FIELDS).toContain(key);
  expect(notice.imp_uid).toMatch(/^[!-~]{1,256}$/);
  expect(typeof notice.merchant_uid).toBe("string");
  expect(notice.merchant_uid.length).toBeGreaterThan(0);
  expect(["ready", "paid", "cancelled", "failed"]).toContain(notice.status);
  if ("customer_uid" in notice) expect(typeof notice.customer_uid).toBe("string");
}

let mock: StatefulMock;
beforeAll(async () => {
  mock = await startStatefulMock();
});
afterAll(() => mock.close());

describe(`parseWebhook, fuzzed (${COUNT} generated bodies, seed ${SEED})`, () => {
  it("returns a valid notice or throws a WebhookParseError, never anything else", () => {
    const next = generator(seededRandom(SEED));
    const outcomes = { parsed: 0, refused: new Map<string, number>() };
    for (let i = 0; i < COUNT; i++) {
      const body = next();
      let result: PaymentWebhook | undefined;
      let thrown: unknown;
      try {
        result = parseWebhook(body);
      } catch (error) {
        thrown = error;
      }
      if (result) {
        assertNotice(result);
        outcomes.parsed++;
      } else {
        expect(thrown, `body #${i}`).toBeInstanceOf(WebhookParseError);
        const error = thrown as WebhookParseError;
        expect(REASONS, `body #${i}`).toContain(error.reason);
        expect(error.message.length, `body #${i}`).toBeLessThan(200);
        expect(JSON.stringify(error).length, `body #${i}`).toBeLessThan(600);
        outcomes.refused.set(error.reason, (outcomes.refused.get(error.reason) ?? 0) + 1);
      }
    }
    // The generator reaches both sides and every kind of refusal.
    expect(outcomes.parsed).toBeGreaterThan(10);
    expect([...outcomes.refused.keys()].sort()).toEqual([...REASONS].sort());
    // Nothing leaked into shared prototypes.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.prototype).not.toHaveProperty("imp_uid");
  });

  it("makes handleWebhook reject bad bodies before any request, and look valid ones up", async () => {
    const next = generator(seededRandom(SEED + 1));
    let handled = 0;
    let lookedUp = 0;
    for (let i = 0; i < 150; i++) {
      const body = next();
      const before = mock.requests();
      let parsed = true;
      try {
        parseWebhook(body);
      } catch {
        parsed = false;
      }
      try {
        await handleWebhook(mock.client, body, () => handled++);
      } catch (error) {
        // Junk fails to parse (no request); a well-formed notice of a payment the mock never made gets its 404.
        if (parsed) {
          expect(error, `body #${i}`).toBeInstanceOf(IamportApiError);
          expect(error, `body #${i}`).toMatchObject({ status: 404 });
          lookedUp++;
        } else {
          expect(error, `body #${i}`).toBeInstanceOf(WebhookParseError);
          expect(mock.requests(), `body #${i}`).toBe(before);
        }
      }
    }
    expect(lookedUp).toBeGreaterThan(5);
    expect(handled).toBe(0);
  });
});
