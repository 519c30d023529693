import { num, str } from "../../body.js";
import { badRequest, notFound, ok } from "../../envelope.js";
import type { Handlers, StatefulContext } from "../context.js";
import type { CashReceipt } from "../records.js";
import { roundToCents } from "../rounding.js";
import { randomDigits, randomHex } from "../state.js";

/** Cash receipts (현금영수증) of payments: the amount is the payment's, and the payment says it has one. */
export function receiptHandlers({ state, payments }: StatefulContext): Handlers {
  return {
    "POST /receipts/{imp_uid}": ({ params, body }) => {
      // The spec documents this operation's refusals as 400 with PortOne's envelope (no refusal inside a 200).
      const stored = payments.find(params.imp_uid as string);
      if (!stored) return badRequest("존재하지 않는 결제정보입니다.");
      const { payment } = stored;
      if (payment.status !== "paid") return badRequest(`결제완료 상태가 아닌 결제건입니다 (status: ${payment.status}).`);
      // Issuing again answers the receipt already issued.
      const existing = state.receipts.get(payment.imp_uid);
      if (existing && existing.cancelled_at === 0) return ok(existing);
      const amount = roundToCents(payment.amount - payment.cancel_amount);
      const taxFree = Math.min(amount, num(body.tax_free) ?? 0);
      const tid = `mock_CASH${randomHex(10)}`;
      const receipt: CashReceipt = {
        imp_uid: payment.imp_uid,
        receipt_tid: tid,
        apply_num: randomDigits(9),
        // The request was validated against the spec, whose enum this is.
        type: (str(body.type) ?? "person") as CashReceipt["type"],
        amount,
        // VAT is a tenth of the taxable price, i.e. 1/11 of the taxable amount, unless the request says it.
        vat: num(body.vat_amount) ?? num(body.vat) ?? Math.round((amount - taxFree) / 11),
        receipt_url: `https://iniweb.inicis.com/DefaultWebApp/mall/cr/cm/Cash_mCmReceipt.jsp?noTid=${tid}`,
        applied_at: state.now(),
        cancelled_at: 0,
      };
      state.receipts.set(payment.imp_uid, receipt);
      payment.cash_receipt_issued = true;
      return ok(receipt);
    },
    "GET /receipts/{imp_uid}": ({ params }) => {
      const receipt = state.receipts.get(params.imp_uid as string);
      return receipt ? ok(receipt) : notFound("발행된 현금영수증이 존재하지 않습니다.");
    },
    "DELETE /receipts/{imp_uid}": ({ params }) => {
      const receipt = state.receipts.get(params.imp_uid as string);
      if (receipt?.cancelled_at !== 0) return badRequest("취소할 현금영수증이 존재하지 않습니다.");
      receipt.cancelled_at = state.now();
      const payment = payments.find(receipt.imp_uid)?.payment;
      if (payment) payment.cash_receipt_issued = false;
      return ok(receipt);
    },
  };
}
