import { num, str } from "../../body.js";
import { notFound, ok, refuse } from "../../envelope.js";
import type { Handlers, StatefulContext } from "../context.js";
import { outOfRange } from "../range.js";
import type { Currency, PreparedPayment } from "../records.js";

/** Prepared amounts (결제금액 사전등록): a later charge of the same merchant_uid must match. */
export function prepareHandlers({ state }: StatefulContext): Handlers {
  return {
    "POST /payments/prepare": ({ body }) => {
      const merchantUid = str(body.merchant_uid) as string;
      if (state.prepares.has(merchantUid)) return refuse("이미 등록된 merchant_uid입니다.", 1);
      const range = outOfRange([num(body.amount)]);
      if (range) return refuse(range);
      const prepared: PreparedPayment = {
        merchant_uid: merchantUid,
        amount: num(body.amount) as number,
        currency: (str(body.currency) || "KRW") as Currency,
      };
      state.prepares.set(merchantUid, prepared);
      return ok(prepared);
    },
    "PUT /payments/prepare": ({ body }) => {
      const merchantUid = str(body.merchant_uid) as string;
      const prepared = state.prepares.get(merchantUid);
      if (!prepared) return notFound("사전등록된 결제정보가 존재하지 않습니다.");
      const range = outOfRange([num(body.amount)]);
      if (range) return refuse(range);
      prepared.amount = num(body.amount) as number;
      if (body.currency !== undefined) prepared.currency = (str(body.currency) || prepared.currency) as Currency | null;
      return ok(prepared);
    },
    "GET /payments/prepare/{merchant_uid}": ({ params }) => {
      const prepared = state.prepares.get(params.merchant_uid as string);
      return prepared ? ok(prepared) : notFound("사전등록된 결제정보가 존재하지 않습니다.");
    },
  };
}
