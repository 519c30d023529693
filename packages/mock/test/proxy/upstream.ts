import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { bundledSpecPath } from "../../src/spec.js";

/** The spec's own example of a paid payment, as PortOne answers `GET /payments/{imp_uid}`. */
const doc = JSON.parse(readFileSync(bundledSpecPath(), "utf8"));
export const paidPayment = doc.components.examples.PaymentPaid.value as { code: number; message: null; response: Record<string, unknown> };

export const HUGE_BYTES = 3 * 1024 * 1024;
export const SLOW_MS = 300;

export interface Upstream {
  url: string;
  /** Requests the upstream received, as it received them. */
  received: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }>;
  close(): Promise<void>;
}

function payment(change: (response: Record<string, unknown>) => void): string {
  const body = structuredClone(paidPayment);
  change(body.response);
  return JSON.stringify(body);
}

/** What the test upstream answers, by path: every kind of drift the proxy must see, and the answers it must merely pass on. */
const ANSWERS: Record<string, { status: number; type: string; body: string | (() => string) }> = {
  "/payments/imp_valid": { status: 200, type: "application/json; charset=utf-8", body: JSON.stringify(paidPayment) },
  "/payments/imp_unknown": {
    status: 200,
    type: "application/json",
    body: payment((r) => Object.assign(r, { promotion_id: "PROMO_2026" })),
  },
  "/payments/imp_null": { status: 200, type: "application/json", body: payment((r) => Object.assign(r, { merchant_uid: null })) },
  "/payments/imp_missing": { status: 200, type: "application/json", body: payment((r) => delete r.status) },
  "/payments/imp_refused": {
    status: 200,
    type: "application/json",
    body: JSON.stringify({ code: 1, message: "존재하지 않는 결제정보입니다.", response: null }),
  },
  "/payments/imp_500": {
    status: 500,
    type: "application/json",
    body: JSON.stringify({ code: -1, message: "internal error", response: null }),
  },
  "/payments/imp_html": { status: 200, type: "text/html", body: "<html><body>Bad gateway</body></html>" },
  // An operation documented as oneOf [payment, refusal]: the drift must be judged against the payment branch.
  "/subscribe/payments/again": { status: 200, type: "application/json", body: payment((r) => Object.assign(r, { merchant_uid: null })) },
  "/payments/cancel": {
    status: 200,
    type: "application/json",
    body: JSON.stringify({ code: 1, message: "이미 전액취소된 주문입니다.", response: null }),
  },
};

/** A loopback stand-in for PortOne (port 0), answering from ANSWERS; a few paths echo the request. */
export async function startUpstream(): Promise<Upstream> {
  const received: Upstream["received"] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    const path = new URL(req.url ?? "/", "http://upstream.invalid").pathname;
    if (path === "/payments/imp_slow") {
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
      res.writeHead(200, { "content-type": "application/json", "x-upstream": "slow" });
      res.end(JSON.stringify(paidPayment));
      return;
    }
    if (path === "/payments/imp_gzip") {
      // Compressed, as PortOne answers a client that accepts gzip; the field is one the spec lacks.
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(gzipSync(payment((r) => Object.assign(r, { gzip_only_field: 1 }))));
      return;
    }
    if (path === "/payments/imp_huge") {
      // A valid JSON array, far over the proxy's validation limit, written in 64 KiB chunks.
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, "1,");
      res.write("[");
      for (let sent = 0; sent < HUGE_BYTES; sent += chunk.length) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
      }
      res.end("1]");
      return;
    }
    if (path === "/users/getToken") {
      const { imp_secret } = JSON.parse(body) as { imp_secret: string };
      // A careless upstream echoing the secret in a field the spec does not know.
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          code: 0,
          message: null,
          response: {
            access_token: `tok_${imp_secret.slice(0, 4)}_${received.length}`,
            now: 1764547200,
            expired_at: 1764549000,
            debug_secret: imp_secret,
          },
        }),
      );
      return;
    }
    if (path === "/subscribe/payments/onetime") {
      const request = JSON.parse(body) as { card_number: string; merchant_uid: string };
      const answer = structuredClone(paidPayment);
      // Echo the card number both where it belongs and in an undocumented field.
      Object.assign(answer.response, {
        merchant_uid: request.merchant_uid,
        card_number: request.card_number,
        raw_card: request.card_number,
        note: `card ${request.card_number} ok`,
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
      return;
    }
    const answer = ANSWERS[path];
    if (!answer) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: -1, message: "not found", response: null }));
      return;
    }
    const payload = typeof answer.body === "function" ? answer.body() : answer.body;
    res.writeHead(answer.status, { "content-type": answer.type, "x-upstream": "yes", "set-cookie": ["a=1", "b=2"] });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The upstream's exact answer for a path, to compare the proxy's pass-through with. */
export async function direct(url: string, init?: RequestInit): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const response = await fetch(url, init);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}
