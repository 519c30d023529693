import { describe, expectTypeOf, it } from "vitest";
import { type IamportClient, type Payment, type PaymentCancelHistory, unwrap } from "../../src/index.js";
import type * as Types from "../../src/types.js";

// Checked by tsc (`typecheck`): every `@ts-expect-error` must stay an error.
async function misuses(client: IamportClient) {
  // @ts-expect-error unknown path
  void client.v1.GET("/payments/nope/{imp_uid}", { params: { path: { imp_uid: "x" } } });
  // @ts-expect-error POST is not defined on this path
  void client.v1.POST("/payments/{imp_uid}", { params: { path: { imp_uid: "x" } } });
  // @ts-expect-error the body is required
  void client.v1.POST("/payments/prepare", {});
  // @ts-expect-error merchant_uid is a string
  void client.v1.POST("/payments/prepare", { body: { merchant_uid: 7, amount: 1000 } });
  // @ts-expect-error card_number is a string
  void client.v1.POST("/subscribe/payments/onetime", { body: { merchant_uid: "x", amount: 1000, card_number: 4518, expiry: "2029-12" } });
  // @ts-expect-error the card is required for a one-time payment
  void client.v1.POST("/subscribe/payments/onetime", { body: { merchant_uid: "x", amount: 1000 } });
  // @ts-expect-error the link request needs expired_at
  void client.supplements.POST("/api/supplements/v1/link/payment", { body: { payment_info: "{}" } });
  // @ts-expect-error unwrap needs a call result
  void unwrap(Promise.resolve(42));

  const payment = await unwrap(client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "x" } } }));
  // @ts-expect-error unwrap already removed the envelope
  void payment.response;
}

describe("client types", () => {
  it("narrow data after an error check", async () => {
    const check = async (client: IamportClient) => {
      const { data, error } = await client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "x" } } });
      if (error) {
        expectTypeOf(data).toEqualTypeOf<undefined>();
        return;
      }
      expectTypeOf(data.response).toEqualTypeOf<Payment>();
      expectTypeOf(data.response.cancel_history).toEqualTypeOf<PaymentCancelHistory[]>();
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf(misuses).toBeFunction();
  });

  it("unwrap to the envelope's content, dropping error envelopes of oneOf answers", async () => {
    const check = async (client: IamportClient) => {
      const cancelled = await unwrap(client.v1.POST("/payments/cancel", { body: { imp_uid: "imp_1" } }));
      expectTypeOf(cancelled).toEqualTypeOf<Payment>();
      const link = await unwrap(
        client.supplements.POST("/api/supplements/v1/link/payment", { body: { payment_info: "{}", expired_at: 1 } }),
      );
      expectTypeOf(link).toEqualTypeOf<Types.PaymentLink>();
      const nothing = await unwrap(client.supplements.PUT("/api/supplements/v1/link/payment/{id}", { params: { path: { id: "a" } } }));
      expectTypeOf(nothing).toEqualTypeOf<undefined>();
    };
    expectTypeOf(check).toBeFunction();
  });

  it("name the resources, request bodies and enums services pass around", () => {
    expectTypeOf<Types.Payment["amount"]>().toEqualTypeOf<number>();
    expectTypeOf<Types.PaymentStatus>().toEqualTypeOf<"ready" | "paid" | "cancelled" | "failed">();
    expectTypeOf<Types.ScheduleStatus>().toEqualTypeOf<"scheduled" | "executed" | "revoked">();
    expectTypeOf<Types.CardType>().toEqualTypeOf<0 | 1>();
    expectTypeOf<Types.BillingKey>().toHaveProperty("customer_uid");
    expectTypeOf<Types.Schedule>().toHaveProperty("merchant_uid");
    expectTypeOf<Types.PaymentPrepare>().toHaveProperty("amount");
    expectTypeOf<Types.VbankHolder>().toHaveProperty("bank_holder");
    expectTypeOf<Types.Receipt>().toHaveProperty("imp_uid");
    expectTypeOf<Types.Certification>().toHaveProperty("imp_uid");
    expectTypeOf<Types.RequestBodyOf<"cancelPayment">>().toEqualTypeOf<Types.CancelPaymentRequest>();
    expectTypeOf<Types.RequestBodyOf<"preparePayment">>().toEqualTypeOf<Types.PreparePaymentRequest>();
    expectTypeOf<Types.ResponseBodyOf<"getPayment">>().toEqualTypeOf<Types.PaymentResponse>();
    expectTypeOf<Types.OnetimePaymentRequest["card_number"]>().toEqualTypeOf<string>();
  });
});
