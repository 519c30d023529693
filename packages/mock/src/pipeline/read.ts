import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { setOwn } from "../body.js";
import { failure, type Reply } from "../envelope.js";

/** Largest request body the mock reads; a bigger one gets 413 (documented in the README). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request the pipeline cannot go on with; `reply` is its answer. */
export class RequestFailure extends Error {
  constructor(readonly reply: Reply) {
    super(String((reply.body as { message?: unknown } | undefined)?.message ?? reply.status));
  }
}

/** A request as it arrived: method, path, query and headers read, the body as text. */
export interface ReceivedRequest {
  /** Upper case, e.g. `GET`. */
  method: string;
  /** Path as WHATWG URL parsing leaves it (dot segments resolved, unsafe characters percent-encoded). */
  pathname: string;
  /** The query as sent, without `?`; empty when there is none. */
  search: string;
  /** Query values by name; a repeated name gives an array. */
  query: Record<string, string | string[]>;
  /** Header values by lower-case name; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body as text; `undefined` when none was sent. */
  body: string | undefined;
}

/**
 * Paths that WHATWG URL parsing would leave unchanged: no dot segment to
 * resolve, no character to percent-encode. Any other path is parsed, so the
 * pipeline sees exactly what `new URL` (and so Prism, before) would see.
 */
const UNCHANGED_BY_URL_PARSING = /^\/[A-Za-z0-9\-_~%!$&'()*+,;=:@/]*$/;

function splitUrl(rawUrl: string): { pathname: string; search: string } {
  const mark = rawUrl.indexOf("?");
  const path = mark < 0 ? rawUrl : rawUrl.slice(0, mark);
  const hashless = mark < 0 ? "" : rawUrl.slice(mark + 1).split("#")[0];
  if (UNCHANGED_BY_URL_PARSING.test(path) && !path.includes("#")) return { pathname: path, search: hashless as string };
  const url = new URL(rawUrl, "http://mock.invalid");
  return { pathname: url.pathname, search: url.search.slice(1) };
}

/** Query values by name, as Prism takes them: one value as a string, a repeated name as an array. */
export function readQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (search === "") return query;
  for (const [name, value] of new URLSearchParams(search)) {
    const seen = query[name];
    if (!Object.hasOwn(query, name)) setOwn(query, name, value);
    else if (Array.isArray(seen)) seen.push(value);
    else setOwn(query, name, [seen, value]);
  }
  return query;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  // Without a length or a chunked encoding a request has no body (RFC 9112 §6.3): nothing to wait for.
  const length = req.headers["content-length"];
  if ((length === undefined || length === "0") && req.headers["transfer-encoding"] === undefined) return undefined;
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
}

const tooLarge = () => new RequestFailure(failure(413, `Request body exceeds ${MAX_BODY_BYTES} bytes`, { connection: "close" }));

/** Header values by lower-case name, as Prism takes them: a repeated header's values joined with `, `. */
export function readHeaders(incoming: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/** Step 1 of the pipeline: the request's method, URL, headers and body, read once. */
export async function readRequest(req: IncomingMessage): Promise<ReceivedRequest> {
  const { pathname, search } = splitUrl(req.url ?? "/");
  return {
    method: (req.method ?? "GET").toUpperCase(),
    pathname,
    search,
    query: readQuery(search),
    headers: readHeaders(req.headers),
    body: await readBody(req),
  };
}

/**
 * The access token's header: `Authorization`, or PortOne's older
 * `X-ImpTokenHeader` (the spec's `legacyTokenHeader` scheme) when
 * `Authorization` is absent.
 */
export function tokenOf(request: ReceivedRequest): string | undefined {
  return request.headers.authorization ?? request.headers["x-imptokenheader"];
}
