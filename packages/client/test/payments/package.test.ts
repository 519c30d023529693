import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dist, minifiedBundle as minified } from "../helpers/bundle.js";

const root = new URL("../../", import.meta.url);
/** What the payment helpers may add to a service that already bundles the client. */
const PAYMENTS_BUDGET_BYTES = 7_000;

describe("the payments entry point (@iamport-contract/client/payments)", () => {
  it("is exported on its own, types first", () => {
    const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { exports: Record<string, unknown> };
    expect(pkg.exports["./payments"]).toEqual({ types: "./dist/payments/index.d.ts", default: "./dist/payments/index.js" });
  });

  it("stays out of the core bundle, and adds little to it", async () => {
    const core = await minified('export * from "./index.js";');
    const both = await minified('export * from "./index.js"; export * from "./payments/index.js";');
    expect(core).not.toContain("PaymentVerificationError");
    expect(both).toContain("PaymentVerificationError");
    const added = both.length - core.length;
    console.log(`payments entry: +${added} bytes minified over the core bundle (budget ${PAYMENTS_BUDGET_BYTES})`);
    expect(added).toBeGreaterThan(1_000);
    expect(added).toBeLessThanOrEqual(PAYMENTS_BUDGET_BYTES);
  });

  it("shares the core's error classes (one IamportError, so instanceof works across entry points)", async () => {
    const core = await import(new URL("index.js", dist).href);
    const payments = await import(new URL("payments/index.js", dist).href);
    const error = new payments.PrepareConflictError(
      new core.IamportApiError({ method: "POST", path: "/payments/prepare" }, 200, 1, "dup"),
      "order_1",
      { amount: 1, currency: "KRW" },
      { amount: 2, currency: null },
    );
    expect(error).toBeInstanceOf(core.IamportApiError);
    expect(error).toBeInstanceOf(core.IamportError);
    expect(new payments.WebhookParseError("too_large", "x")).toBeInstanceOf(core.IamportError);
  });
});
