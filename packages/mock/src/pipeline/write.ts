import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Reply } from "../envelope.js";

/** An answer already serialised, to be written again as it is (a cached Prism answer). */
export interface PreparedReply {
  status: number;
  head: OutgoingHttpHeaders;
  payload: string | undefined;
}

export type WireReply = Reply | PreparedReply;

const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** A reply serialised once: its headers as the wire carries them, and the JSON text. */
export function prepare(reply: Reply): PreparedReply {
  // Without a body: the reply's own headers (Prism's, for its answers), else an explicit empty length.
  if (reply.body === undefined) return { status: reply.status, head: reply.headers ?? { "content-length": 0 }, payload: undefined };
  const payload = JSON.stringify(reply.body);
  // Prism names its own `Content-type`; one content type goes out, the JSON one this body is written as.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower !== "content-type" && lower !== "content-length") headers[name] = value;
  }
  return {
    status: reply.status,
    head: { ...headers, "content-type": JSON_CONTENT_TYPE, "content-length": Buffer.byteLength(payload) },
    payload,
  };
}

/** Step 7: the answer on the wire. */
export function writeReply(res: ServerResponse, reply: WireReply): void {
  const prepared = "head" in reply ? reply : prepare(reply);
  res.writeHead(prepared.status, prepared.head);
  res.end(prepared.payload);
}
