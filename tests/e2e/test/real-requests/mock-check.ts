import { request } from "node:http";
import type { Sample } from "./samples.js";
import { queryString, wireBody } from "./samples.js";

/**
 * Statuses with which a server says "this request is malformed", not "this
 * business action failed". 401 counts too: every replay sends a token the
 * mock issued, so a 401 means the way the token was presented was refused
 * (except on getToken, whose 401 answers unknown credentials).
 */
const REFUSAL_STATUSES = new Set([400, 401, 404, 405, 415]);

export interface MockAnswer {
  status: number;
  body: unknown;
}

/**
 * Sends the sample as its client does. node:http rather than fetch, because
 * some clients put a body on GET and DELETE (Guzzle's `json => []` sends
 * `[]`), which fetch refuses to send.
 */
export async function send(baseUrl: string, sample: Sample, token: string): Promise<MockAnswer> {
  const headers: Record<string, string> =
    sample.auth === "x-imp-token-header"
      ? { "X-ImpTokenHeader": token }
      : { Authorization: sample.auth === "raw" ? token : `Bearer ${token}` };
  if (sample.contentType) headers["Content-Type"] = sample.contentType;
  const payload = wireBody(sample);
  if (payload !== undefined) headers["Content-Length"] = String(Buffer.byteLength(payload));
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const outgoing = request(
      new URL(`${sample.path}${queryString(sample.query)}`, baseUrl),
      { method: sample.method, headers, signal: AbortSignal.timeout(15_000) },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the report
  }
  return { status, body };
}

/** Prism's answer for a path or method the spec does not describe. */
const UNKNOWN_ROUTE = /hasn't been found in the specification/;

/**
 * Whether the answer refuses the request as malformed. A stateful 404 in
 * PortOne's envelope (`code` ≠ 0, no `violations`) for a route the spec
 * knows is a business answer ("no such payment"), as PortOne gives it for an
 * unknown id, not a refusal.
 */
export function refusal(answer: MockAnswer, path = ""): string | undefined {
  if (!REFUSAL_STATUSES.has(answer.status)) return undefined;
  if (answer.status === 401 && /^\/users\/getToken\/?$/.test(path)) return undefined;
  const body = answer.body as { code?: unknown; message?: unknown; violations?: unknown } | undefined;
  const unknownRoute = typeof body?.message === "string" && UNKNOWN_ROUTE.test(body.message);
  if (answer.status === 404 && typeof body?.code === "number" && body.code !== 0 && body.violations === undefined && !unknownRoute) {
    return undefined;
  }
  const detail = Array.isArray(body?.violations)
    ? (body.violations as Array<{ location: string; message: string }>).map((v) => `${v.location}: ${v.message}`).join("; ")
    : typeof body?.message === "string"
      ? body.message
      : JSON.stringify(answer.body)?.slice(0, 200);
  return `HTTP ${answer.status}: ${detail}`;
}
