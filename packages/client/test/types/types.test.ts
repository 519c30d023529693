import { describe, expectTypeOf, it } from "vitest";
import type { IamportClient, Payment, PaymentStatus } from "../../src/index.js";
import type { V1Paths } from "../../src/types.js";

// These functions are never called: tsc (`pnpm typecheck`) checks them, and
// each `@ts-expect-error` fails the type-check if the line stops being an error.
function misuses(client: IamportClient) {
  // @ts-expect-error the path parameter imp_uid is required
  void client.v1.GET("/payments/{imp_uid}", { params: { path: {} } });
  // @ts-expect-error path parameters are typed
  void client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: 123 } } });
  // @ts-expect-error query parameters are typed
  void client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "x" }, query: { include_sandbox: "yes" } } });
  // @ts-expect-error cancel needs imp_uid or merchant_uid
  void client.v1.POST("/payments/cancel", { body: { amount: 1000 } });
  // @ts-expect-error amount is a number
  void client.v1.POST("/payments/prepare", { body: { merchant_uid: "x", amount: "1000" } });
  // @ts-expect-error supplements paths are not on the V1 client
  void client.v1.POST("/api/supplements/v1/link/payment", { body: { payment_info: "{}", expired_at: 1 } });
  // @ts-expect-error V1 paths are not on the supplements client
  void client.supplements.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "x" } } });
}

describe("generated types", () => {
  it("type the request side", () => {
    expectTypeOf(misuses).toBeFunction();
    expectTypeOf<V1Paths["/payments/prepare"]["post"]["requestBody"]>().not.toBeUndefined();
  });

  it("type the response side, with the API's nulls", () => {
    expectTypeOf<Payment["status"]>().toEqualTypeOf<PaymentStatus>();
    expectTypeOf<PaymentStatus>().toEqualTypeOf<"ready" | "paid" | "cancelled" | "failed">();
    expectTypeOf<Payment["card_type"]>().toEqualTypeOf<0 | 1 | null | undefined>();
    expectTypeOf<Payment["fail_reason"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Payment["amount"]>().toEqualTypeOf<number>();
  });

  it("type the unwrapped data of an operation", async () => {
    type GetPayment = Awaited<ReturnType<IamportClient["v1"]["GET"]>>;
    expectTypeOf<GetPayment>().toHaveProperty("response");
    const _check = async (client: IamportClient) => {
      const { data } = await client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "x" } } });
      if (data) expectTypeOf(data.response.imp_uid).toEqualTypeOf<string>();
    };
    expectTypeOf(_check).toBeFunction();
  });
});
