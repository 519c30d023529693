import { createRequire } from "node:module";
import { DEFAULT_API_KEY, DEFAULT_API_SECRET, type RunningMock, startMock } from "@iamport-contract/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Exchange, Recorder } from "./recorder.js";

/**
 * The three npm clients issue #13 names, used as a merchant uses them (token,
 * prepare, pay, find, cancel, billing key, again, schedule, …) against the
 * mock in both modes, through a recorder. Business answers (code ≠ 0, an
 * unknown id's 404) are fine; every request must be served (no 400, 401,
 * 405, 415 or unknown-route 404), except those KNOWN_CLIENT_FAULTS explains by
 * a fault of the client itself or KNOWN_CONTRACT_GAPS by a gap of the spec or
 * mock still open on this branch. A listed entry that no longer matches any
 * request fails the test too, so both lists only shrink.
 */

// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS clients
type Any = any;
const require = createRequire(import.meta.url);

interface Known {
  client: string;
  mode: "stateless" | "stateful" | "both";
  /** Matched against `METHOD url`. */
  request: RegExp;
  why: string;
}

/** Requests a client gets wrong by itself. None so far: see FINDINGS.md for the faults the flows avoid. */
const KNOWN_CLIENT_FAULTS: Known[] = [];

/** Refusals caused by the contract, to be removed as the spec helper's fixes land. */
const KNOWN_CONTRACT_GAPS: Known[] = [];

const FUTURE = 1_893_456_000; // 2030-01-01, a schedule time that stays in the future
const CARD = { card_number: "4111-1111-1111-1111", expiry: "2030-12", birth: "900101", pwd_2digit: "12" };

/** Runs one client call; a rejected promise is a business answer or a client error, judged from the recording. */
async function call(work: () => Promise<unknown>): Promise<Any> {
  try {
    return await work();
  } catch (error) {
    return { error };
  }
}

async function officialNode(baseUrl: string, tag: string): Promise<void> {
  const { Iamport, Request } = require("iamport-rest-client-nodejs") as Any;
  const iamport = new Iamport({ apiKey: DEFAULT_API_KEY, apiSecret: DEFAULT_API_SECRET, baseUrl });
  const { Payments, Prepare, Subscribe, Customers, Banks, Vbanks } = Request;
  const merchantUid = `node_${tag}_order`;
  const customerUid = `node_${tag}_customer`;
  await call(() => Prepare.postAmount({ merchant_uid: merchantUid, amount: 1000 }).request(iamport));
  await call(() => Prepare.getAmount({ merchant_uid: merchantUid }).request(iamport));
  const paid = await call(() =>
    Subscribe.onetime({ merchant_uid: merchantUid, amount: 1000, customer_uid: customerUid, ...CARD }).request(iamport),
  );
  const impUid: string = paid?.data?.response?.imp_uid ?? "imp_000000000000";
  await call(() => Payments.getByImpUid({ imp_uid: impUid }).request(iamport));
  await call(() => Payments.getByImpUids({ imp_uid: [impUid] }).request(iamport));
  await call(() => Payments.getByMerchantUid({ merchant_uid: merchantUid, status: "paid", sorting: "-started" }).request(iamport));
  await call(() =>
    Payments.getByMerchantUids({ merchant_uid: merchantUid, status: "paid", sorting: "-started", page: 1 }).request(iamport),
  );
  await call(() => Payments.getByStatus({ status: "paid", page: 1, limit: 20, sorting: "-started" }).request(iamport));
  await call(() => Payments.getAmountByImpUid({ imp_uid: impUid }).request(iamport));
  await call(() => Payments.cancel({ imp_uid: impUid, amount: 500, reason: "partial refund" }).request(iamport));
  await call(() => Customers.postBillingKey({ customer_uid: `${customerUid}_2`, ...CARD }).request(iamport));
  await call(() => Customers.getBillingKey({ customer_uid: customerUid }).request(iamport));
  await call(() => Customers.getBillingKeys({ customer_uid: [customerUid] }).request(iamport));
  await call(() =>
    Subscribe.again({ customer_uid: customerUid, merchant_uid: `${merchantUid}_again`, amount: 1000, name: "monthly" }).request(iamport),
  );
  await call(() =>
    Subscribe.schedule({
      customer_uid: customerUid,
      schedules: [{ merchant_uid: `${merchantUid}_sched`, schedule_at: FUTURE, amount: 1000, name: "next month" }],
    }).request(iamport),
  );
  await call(() => Subscribe.getScheduled({ merchant_uid: `${merchantUid}_sched` }).request(iamport));
  await call(() => Subscribe.unschedule({ customer_uid: customerUid, merchant_uid: `${merchantUid}_sched` }).request(iamport));
  await call(() => Customers.getPayments({ customer_uid: customerUid, page: 1 }).request(iamport));
  await call(() => Customers.deleteBillingKey({ customer_uid: `${customerUid}_2` }).request(iamport));
  await call(() =>
    Vbanks.post({ merchant_uid: `${merchantUid}_vbank`, amount: 5000, vbank_code: "004", vbank_due: FUTURE, vbank_holder: "Hong" }).request(
      iamport,
    ),
  );
  await call(() => Vbanks.getHolder({ bank_code: "004", bank_num: "12345678901234" }).request(iamport));
  await call(() => Banks.getBanks().request(iamport));
}

async function communityIamport(baseUrl: string, tag: string): Promise<void> {
  const Iamport = require("iamport") as Any;
  // The package has no host option: its resources copy the static DEFAULT_HOST when the client is built.
  const saved = Iamport.DEFAULT_HOST;
  Iamport.DEFAULT_HOST = baseUrl;
  const iamport = new Iamport({ impKey: DEFAULT_API_KEY, impSecret: DEFAULT_API_SECRET });
  Iamport.DEFAULT_HOST = saved;
  const merchantUid = `comm_${tag}_order`;
  const customerUid = `comm_${tag}_customer`;
  await call(() => iamport.payment.prepare({ merchant_uid: merchantUid, amount: 1000 }));
  await call(() => iamport.payment.getPrepare({ merchant_uid: merchantUid }));
  const paid = await call(() => iamport.subscribe.onetime({ merchant_uid: merchantUid, amount: 1000, customer_uid: customerUid, ...CARD }));
  const impUid: string = paid?.imp_uid ?? "imp_000000000000";
  await call(() => iamport.payment.getByImpUid({ imp_uid: impUid }));
  await call(() => iamport.payment.getByMerchant({ merchant_uid: merchantUid }));
  await call(() => iamport.payment.getByStatus({ payment_status: "paid" }));
  await call(() => iamport.payment.cancel({ imp_uid: impUid, amount: 500, reason: "partial refund" }));
  await call(() => iamport.subscribe_customer.create({ customer_uid: `${customerUid}_2`, ...CARD }));
  await call(() => iamport.subscribe_customer.get({ customer_uid: customerUid }));
  await call(() =>
    iamport.subscribe.again({ customer_uid: customerUid, merchant_uid: `${merchantUid}_again`, amount: 1000, name: "monthly" }),
  );
  await call(() =>
    iamport.subscribe.schedule({
      customer_uid: customerUid,
      schedules: [{ merchant_uid: `${merchantUid}_sched`, schedule_at: FUTURE, amount: 1000 }],
    }),
  );
  await call(() => iamport.subscribe.unschedule({ customer_uid: customerUid, merchant_uid: [`${merchantUid}_sched`] }));
  await call(() => iamport.subscribe_customer.delete({ customer_uid: `${customerUid}_2` }));
  await call(() =>
    iamport.vbank.create({
      merchant_uid: `${merchantUid}_vbank`,
      amount: 5000,
      vbank_code: "004",
      vbank_due: FUTURE,
      vbank_holder: "Hong",
    }),
  );
  await call(() => iamport.certification.get({ imp_uid: "imp_000000000001" }));
}

async function iamporter(baseUrl: string, tag: string): Promise<void> {
  const { Iamporter } = require("iamporter") as Any;
  const client = new Iamporter({ apiKey: DEFAULT_API_KEY, secret: DEFAULT_API_SECRET, host: baseUrl });
  const merchantUid = `ipr_${tag}_order`;
  const customerUid = `ipr_${tag}_customer`;
  await call(() => client.createPreparedPayment({ merchant_uid: merchantUid, amount: 1000 }));
  await call(() => client.getPreparedPayment(merchantUid));
  await call(() => client.createSubscription({ customer_uid: customerUid, ...CARD }));
  await call(() => client.getSubscription(customerUid));
  const paid = await call(() => client.payOnetime({ merchant_uid: merchantUid, amount: 1000, ...CARD }));
  const impUid: string = paid?.data?.imp_uid ?? "imp_000000000000";
  await call(() =>
    client.paySubscription({ customer_uid: customerUid, merchant_uid: `${merchantUid}_again`, amount: 1000, name: "monthly" }),
  );
  await call(() =>
    client.payForeign({ merchant_uid: `${merchantUid}_foreign`, amount: 1000, card_number: CARD.card_number, expiry: CARD.expiry }),
  );
  await call(() => client.findByImpUid(impUid));
  await call(() => client.findByMerchantUid(merchantUid));
  // The default status is '', so the path ends in a slash: /payments/findAll/{merchant_uid}/
  await call(() => client.findAllByMerchantUid(merchantUid));
  await call(() => client.findAllByMerchantUid(merchantUid, { status: "paid" }));
  await call(() => client.findAllByStatus("paid"));
  await call(() => client.cancelByImpUid(impUid, { amount: 500, reason: "partial refund" }));
  await call(() => client.cancelByMerchantUid(`${merchantUid}_again`));
  await call(() =>
    client.createVbank({ merchant_uid: `${merchantUid}_vbank`, amount: 5000, vbank_code: "004", vbank_due: FUTURE, vbank_holder: "Hong" }),
  );
  await call(() => client.getCertification("imp_000000000001"));
  await call(() => client.deleteSubscription(customerUid));
}

const CLIENTS: Record<string, (baseUrl: string, tag: string) => Promise<void>> = {
  "iamport-rest-client-nodejs": officialNode,
  iamport: communityIamport,
  iamporter,
};

describe.each([
  ["stateless", false],
  ["stateful", true],
])("npm clients against the %s mock", (mode, stateful) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it.each(Object.keys(CLIENTS))("%s: every request is accepted unless the client itself is at fault", async (name) => {
    const recorder = new Recorder(mock.url);
    await recorder.start();
    try {
      await (CLIENTS[name] as (baseUrl: string, tag: string) => Promise<void>)(recorder.url, mode);
    } finally {
      await recorder.close();
    }
    const line = (e: Exchange) => `${e.method} ${e.url.split("?")[0]} → ${e.status}`;
    console.log(`${name} (${mode}): ${recorder.exchanges.length} requests\n  ${recorder.exchanges.map(line).join("\n  ")}`);
    // A client that sent nothing proves nothing.
    expect(recorder.exchanges.length).toBeGreaterThan(10);
    // Each client caches its token until expired_at: one getToken per flow shows the mock's expiry lies ahead.
    expect(recorder.exchanges.filter((e) => e.url === "/users/getToken").length).toBe(1);
    const known = [...KNOWN_CLIENT_FAULTS, ...KNOWN_CONTRACT_GAPS].filter(
      (k) => k.client === name && (k.mode === "both" || k.mode === mode),
    );
    const refused = recorder.refused();
    const unexplained = refused
      .filter((e) => !known.some((k) => k.request.test(`${e.method} ${e.url}`)))
      .map((e) => `${line(e)}: ${e.answer}`);
    const stale = known.filter((k) => !refused.some((e) => k.request.test(`${e.method} ${e.url}`))).map((k) => k.why);
    expect({ unexplained, stale }).toEqual({ unexplained: [], stale: [] });
  });
});
