// The real stateful mock with the client pointed at it: the payment helpers'
// tests (prepare, verify, webhooks) run against it.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createIamportClient, type IamportClient, unwrap } from "@iamport-contract/client";
import type { Currency, Payment } from "@iamport-contract/client/types";
import { startMock } from "@iamport-contract/mock";

export const API_KEY = "payments_test_key";
export const API_SECRET = "payments_test_secret_5b1e9c";
export const CARD_OK = "4242-4242-4242-4242";
export const CARD_DECLINED = "4000-0000-0000-0002";
/** Personal data put into every test payment: no error may ever carry it. */
export const BUYER_EMAIL = "buyer.private@example.com";

export interface WebhookRecord {
  url: string;
  body: Record<string, unknown>;
  delivery: string;
}

/** A stateful mock on a free loopback port, a client for it, its control API and payment helpers. */
export async function startStatefulMock() {
  const mock = await startMock({ port: 0, stateful: true, apiKey: API_KEY, apiSecret: API_SECRET });
  let requests = 0;
  const client: IamportClient = createIamportClient({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    baseUrl: mock.url,
    supplementsBaseUrl: mock.url,
    retry: false,
    fetch: (request) => {
      requests++;
      return fetch(request);
    },
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${mock.url}/__mock${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  let seq = 0;
  return {
    url: mock.url,
    client,
    /** Requests the client has sent so far (getToken included). */
    requests: () => requests,
    close: () => mock.close(),
    /** A merchant_uid no other test of this file uses. */
    orderId: (label: string) => `order_${label}_${Date.now()}_${++seq}`,
    /** A one-time card payment, as the browser's payment window would make it. */
    pay: async (
      merchantUid: string,
      amount: number,
      more: { card?: string; currency?: Currency; noticeUrl?: string } = {},
    ): Promise<Payment> =>
      unwrap(
        client.v1.POST("/subscribe/payments/onetime", {
          body: {
            merchant_uid: merchantUid,
            amount,
            card_number: more.card ?? CARD_OK,
            expiry: "2030-12",
            buyer_email: BUYER_EMAIL,
            ...(more.currency ? { currency: more.currency } : {}),
            ...(more.noticeUrl ? { notice_url: more.noticeUrl } : {}),
          },
        }),
      ),
    cancel: async (impUid: string, amount?: number): Promise<Payment> =>
      unwrap(
        client.v1.POST("/payments/cancel", {
          body: { imp_uid: impUid, ...(amount === undefined ? {} : { amount }), enable_webhook: true },
        }),
      ),
    issueVbank: async (merchantUid: string, amount: number, noticeUrl?: string): Promise<Payment> => {
      const now = (await control("GET", "/clock")).body.now as number;
      return unwrap(
        client.v1.POST("/vbanks", {
          body: {
            merchant_uid: merchantUid,
            amount,
            vbank_code: "004",
            vbank_due: now + 86_400,
            vbank_holder: "테스트상점",
            buyer_email: BUYER_EMAIL,
            ...(noticeUrl ? { notice_url: noticeUrl } : {}),
          },
        }),
      );
    },
    deposit: async (impUid: string) => {
      const result = await control("POST", `/vbanks/${impUid}/deposit`);
      if (result.status !== 200) throw new Error(`deposit refused: ${result.status}`);
    },
    webhooks: async () => (await control("GET", "/webhooks")).body.webhooks as WebhookRecord[],
  };
}

export type StatefulMock = Awaited<ReturnType<typeof startStatefulMock>>;

/** A loopback HTTP server standing in for a service: it hands each raw body to `handle` and answers with its result. */
export async function startService(handle: (rawBody: string, contentType: string) => Promise<{ status: number; body: string }>) {
  const seen: Array<{ body: string; status: number }> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      handle(raw, req.headers["content-type"] ?? "").then(
        (answer) => {
          seen.push({ body: raw, status: answer.status });
          res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    /** Waits (bounded: 4 s) until `count` webhooks were answered. */
    async waitFor(count: number) {
      for (let i = 0; i < 400 && seen.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      if (seen.length < count) throw new Error(`expected ${count} webhooks, got ${seen.length}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
