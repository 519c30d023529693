import { list } from "../../body.js";
import { notFound, ok } from "../../envelope.js";
import { issueBillingKey } from "../billing-key-issuer.js";
import type { Handlers, StatefulContext } from "../context.js";
import { page, pageArgs } from "../paging.js";
import { sortPayments } from "../payment-sorting.js";
import type { BillingKey } from "../records.js";

/** Billing keys (빌링키), PortOne's "customers": issued, looked up, deleted, and the payments made with one. */
export function billingKeyHandlers({ state }: StatefulContext): Handlers {
  return {
    "POST /subscribe/customers/{customer_uid}": ({ params, body }) => {
      const customerUid = params.customer_uid as string;
      const issued = issueBillingKey(state, customerUid, body);
      if (!("key" in issued)) return issued;
      state.billingKeys.set(customerUid, issued);
      return ok(issued.key);
    },
    "GET /subscribe/customers/{customer_uid}": ({ params }) => {
      const stored = state.billingKeys.get(params.customer_uid as string);
      return stored ? ok(stored.key) : notFound("등록된 빌링키 정보가 존재하지 않습니다.");
    },
    "GET /subscribe/customers": ({ query }) => {
      const wanted = list(query, "customer_uid");
      const found = wanted.map((id) => state.billingKeys.get(id)?.key).filter((k): k is BillingKey => k !== undefined);
      if (found.length === 0) return notFound("등록된 빌링키 정보가 존재하지 않습니다.");
      return { ...ok(found), status: found.length < wanted.length ? 207 : 200 };
    },
    "DELETE /subscribe/customers/{customer_uid}": ({ params }) => {
      const customerUid = params.customer_uid as string;
      const stored = state.billingKeys.get(customerUid);
      if (!stored) return notFound("등록된 빌링키 정보가 존재하지 않습니다.");
      state.billingKeys.delete(customerUid);
      return ok(stored.key);
    },
    "GET /subscribe/customers/{customer_uid}/payments": ({ params, query }) => {
      const customerUid = params.customer_uid as string;
      const mine = [...state.payments.values()].filter((s) => s.payment.customer_uid === customerUid);
      if (mine.length === 0 && !state.billingKeys.has(customerUid)) return notFound("등록된 빌링키 정보가 존재하지 않습니다.");
      const { pageNumber, limit } = pageArgs(query);
      return ok(page(sortPayments(mine, "-started"), pageNumber, limit));
    },
  };
}
