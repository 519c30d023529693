import { list, num, str } from "../../body.js";
import { badRequest, notFound, ok, refuse } from "../../envelope.js";
import type { Handlers, StatefulContext } from "../context.js";
import { orderFields } from "../order-fields.js";
import { outOfRange } from "../range.js";
import { randomDigits } from "../state.js";
import { WebhookSender } from "../webhooks.js";

/** Names of the bank codes PortOne's examples use; any other code is named after itself. */
const BANKS: Record<string, string> = {
  "003": "IBK기업은행",
  "004": "KB국민은행",
  "011": "NH농협은행",
  "020": "우리은행",
  "023": "SC제일은행",
  "081": "하나은행",
  "088": "신한은행",
  "089": "케이뱅크",
  "090": "카카오뱅크",
};

const NO_VBANK = "존재하지 않는 가상계좌 결제정보입니다.";

/** Virtual accounts (가상계좌): issued `ready`, changed or withdrawn until the buyer deposits (see `deposit`). */
export function vbankHandlers({ state, payments, webhooks }: StatefulContext): Handlers {
  return {
    "POST /vbanks": ({ body }) => {
      const merchantUid = str(body.merchant_uid) as string;
      const amount = num(body.amount) as number;
      const due = num(body.vbank_due) as number;
      const refusal = outOfRange([amount], [due]) ?? payments.duplicate(merchantUid) ?? payments.prepareMismatch(merchantUid, amount);
      if (refusal) return refuse(refusal);
      const now = state.now();
      if (due <= now) return refuse(`입금기한(vbank_due: ${due})은 현재(${now})보다 이후여야 합니다.`);
      const code = str(body.vbank_code) as string;
      const payment = payments.create({
        merchant_uid: merchantUid,
        amount,
        ...orderFields(body),
        pay_method: "vbank",
        card_code: null,
        card_name: null,
        card_quota: null,
        card_type: null,
        vbank_code: code,
        vbank_name: BANKS[code] ?? `은행(${code})`,
        vbank_num: str(body.vbank_num) ?? `${randomDigits(3)}-${randomDigits(6)}-${randomDigits(5)}`,
        vbank_holder: str(body.vbank_holder) ?? "모의상점",
        vbank_date: Math.floor(due),
        vbank_issued_at: now,
      });
      const noticeUrls = list(body, "notice_url");
      state.addPayment({ payment, noticeUrls });
      webhooks.send(noticeUrls, WebhookSender.payload(payment));
      return ok(payment);
    },
    "PUT /vbanks/{imp_uid}": ({ params, body }) => {
      const stored = payments.find(params.imp_uid as string);
      if (stored?.payment.pay_method !== "vbank") return notFound(NO_VBANK);
      const { payment } = stored;
      if (payment.status !== "ready") return badRequest(`입금대기 상태가 아닌 가상계좌는 수정할 수 없습니다 (status: ${payment.status}).`);
      const amount = num(body.amount);
      const due = num(body.vbank_due);
      const range = outOfRange([amount], [due]);
      if (range) return badRequest(range);
      if (due !== undefined && due <= state.now()) return badRequest("입금기한은 현재보다 이후여야 합니다.");
      if (amount !== undefined) payment.amount = amount;
      if (due !== undefined) payment.vbank_date = Math.floor(due);
      return ok(payment);
    },
    "DELETE /vbanks/{imp_uid}": ({ params }) => {
      const stored = payments.find(params.imp_uid as string);
      if (stored?.payment.pay_method !== "vbank") return notFound(NO_VBANK);
      const { payment } = stored;
      if (payment.status !== "ready")
        return badRequest(`입금대기 상태가 아닌 가상계좌는 발급취소할 수 없습니다 (status: ${payment.status}).`);
      payment.status = "cancelled";
      payment.cancelled_at = state.now();
      payment.cancel_reason = "가상계좌 발급취소";
      webhooks.send(stored.noticeUrls, WebhookSender.payload(payment));
      return ok(payment);
    },
  };
}
