import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import { request as httpsRequest } from "node:https";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { isSupplementsPath } from "@iamport-contract/spec/toolkit";
import type { IHttpRequest } from "@stoplight/prism-http";
import { errorBody } from "../envelope.js";
import { readHeaders, readQuery } from "../pipeline/read.js";
import type { ContractCheck, SeenBody } from "./contract.js";
import type { DriftReport, Mismatch } from "./drift.js";
import { DEFAULT_MAX_VALIDATED_BYTES, DEFAULT_UPSTREAM_TIMEOUT_MS, MAX_REQUEST_BYTES } from "./limits.js";
import type { Masker } from "./masking.js";
import type { Recorder } from "./recorder.js";

/** Headers that describe one connection, not the message: never forwarded either way. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);

export interface ProxyOptions {
  /** Base URL of PortOne's V1 API or a stand-in, e.g. `https://api.iamport.kr`. */
  upstream: string;
  /** Base URL for the supplements paths (`/api/supplements/…`). Default: `upstream`. */
  supplementsUpstream?: string;
  check: ContractCheck;
  drift: DriftReport;
  masker: Masker;
  /** Given, every distinct response shape is saved as a candidate example. */
  recorder?: Recorder;
  /** Default 1 MiB. */
  maxValidatedBytes?: number;
  /** Default 60 s. */
  timeoutMs?: number;
  /** Where proxy problems are logged (already masked). Default `console.error`. */
  log?: (line: string) => void;
  /** The spec's operationId per `METHOD template`, to name recordings. */
  operationIds?: ReadonlyMap<string, string>;
}

class RequestTooLarge extends Error {}

async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new RequestTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseUpstream(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${what} must be an absolute http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new Error(`${what} must use http or https, got "${parsed.protocol}"`);
  return parsed;
}

function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

/** The request as Prism's validator takes it (parsed JSON body, query as a record). */
function prismRequestOf(req: IncomingMessage, url: URL, body: unknown): IHttpRequest {
  return {
    method: (req.method ?? "GET").toLowerCase() as IHttpRequest["method"],
    url: { path: url.pathname, query: readQuery(url.search.slice(1)) },
    headers: readHeaders(req.headers),
    body,
  };
}

function parsedRequestBody(raw: Buffer, contentType: string): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (/^application\/(.+\+)?json/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

/** The captured prefix decoded to text, undoing a content encoding within the same bound. */
function decode(captured: Buffer, encoding: string | undefined, limit: number): Buffer | undefined {
  try {
    switch ((encoding ?? "identity").toLowerCase()) {
      case "gzip":
      case "x-gzip":
        return gunzipSync(captured, { maxOutputLength: limit });
      case "deflate":
        return inflateSync(captured, { maxOutputLength: limit });
      case "br":
        return brotliDecompressSync(captured, { maxOutputLength: limit });
      case "identity":
        return captured;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function seenBody(captured: Buffer, total: number, headers: IncomingHttpHeaders, limit: number): SeenBody {
  if (total > limit) return { kind: "too-large", bytes: total, limit };
  if (total === 0) return { kind: "empty" };
  const contentType = headers["content-type"] ?? "";
  const decoded = decode(captured, headers["content-encoding"], limit);
  if (decoded === undefined) return { kind: "too-large", bytes: total, limit };
  try {
    return { kind: "json", value: JSON.parse(decoded.toString("utf8")) };
  } catch {
    return { kind: "not-json", contentType, bytes: total };
  }
}

function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const payload = JSON.stringify(errorBody(-1, message));
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * The validating proxy: forwards each request to the upstream unchanged,
 * streams the upstream's answer back unchanged, and checks both against the
 * spec on the side. Mismatches go to the drift report, new response shapes
 * to the recorder. The upstream is explicit user configuration: nothing else
 * leaves the machine.
 */
export function createProxy(options: ProxyOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const upstream = parseUpstream(options.upstream, "The proxy upstream");
  const supplements = options.supplementsUpstream ? parseUpstream(options.supplementsUpstream, "The supplements upstream") : upstream;
  const limit = options.maxValidatedBytes ?? DEFAULT_MAX_VALIDATED_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const log = options.log ?? ((line: string) => console.error(line));
  const { check, drift, masker, recorder } = options;

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://proxy.invalid");
    let raw: Buffer;
    try {
      raw = await readRequestBody(req);
    } catch (error) {
      if (error instanceof RequestTooLarge) return sendError(res, 413, `Request body exceeds ${MAX_REQUEST_BYTES} bytes`);
      throw error;
    }
    const method = (req.method ?? "GET").toUpperCase();
    const requestBody = parsedRequestBody(raw, req.headers["content-type"] ?? "");
    masker.learn(requestBody, req.headers.authorization);

    const route = check.route(method, url.pathname);
    const checkRequest = async (found: NonNullable<typeof route>): Promise<Mismatch[]> => {
      try {
        return await check.request(found, prismRequestOf(req, url, requestBody));
      } catch (error) {
        // The request goes upstream all the same: the proxy never stands in the way of traffic.
        log(
          `[iamport-mock proxy] ${found.key}: could not check the request: ${error instanceof Error ? masker.scrubText(error.message) : "unknown error"}`,
        );
        return [];
      }
    };
    const operation = route?.key ?? `${method} ${url.pathname}`;
    const mismatches: Mismatch[] = route
      ? await checkRequest(route)
      : [
          {
            direction: "request",
            kind: "unknown-operation",
            schemaPath: "#/paths",
            location: "path",
            expected: "an operation the spec documents",
            seen: `${method} ${masker.scrubText(url.pathname)}`,
          },
        ];

    const base = isSupplementsPath(url.pathname) ? supplements : upstream;
    const target = new URL(base.href.replace(/\/$/, "") + url.pathname + url.search);
    const headers = forwardedHeaders(req.headers);
    headers.host = target.host;

    let upstreamRes: IncomingMessage;
    try {
      upstreamRes = await new Promise<IncomingMessage>((resolve, reject) => {
        const send = target.protocol === "https:" ? httpsRequest : httpRequest;
        const outgoing = send(target, { method, headers }, resolve);
        outgoing.setTimeout(timeoutMs, () => outgoing.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
        outgoing.on("error", reject);
        outgoing.end(raw);
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      const timedOut = code === "ETIMEDOUT";
      const message = timedOut
        ? `Proxy: the upstream ${base.origin} did not answer within ${timeoutMs} ms`
        : `Proxy: the upstream ${base.origin} is unreachable (${code})`;
      log(`[iamport-mock proxy] ${operation}: ${masker.scrubText(message)}`);
      drift.add(operation, mismatches);
      return sendError(res, timedOut ? 504 : 502, message);
    }

    const status = upstreamRes.statusCode ?? 502;
    const responseHeaders: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(upstreamRes.headers)) {
      if (value !== undefined && (!HOP_BY_HOP.has(name) || name === "transfer-encoding")) responseHeaders[name] = value;
    }
    // Node writes its own chunked framing when no content-length is given.
    delete responseHeaders["transfer-encoding"];
    res.writeHead(status, upstreamRes.statusMessage, responseHeaders);

    // Stream to the client; keep at most `limit` bytes on the side for validation.
    const captured: Buffer[] = [];
    let capturedBytes = 0;
    let total = 0;
    upstreamRes.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (capturedBytes + chunk.length <= limit) {
        captured.push(chunk);
        capturedBytes += chunk.length;
      }
    });
    const complete = await new Promise<boolean>((resolve) => {
      upstreamRes.pipe(res);
      upstreamRes.on("end", () => resolve(true));
      upstreamRes.on("error", () => resolve(false));
      res.on("close", () => resolve(upstreamRes.complete));
    });
    if (!complete) {
      res.destroy();
      log(`[iamport-mock proxy] ${operation}: the upstream's answer broke off`);
      drift.add(operation, mismatches);
      return;
    }

    const body = seenBody(Buffer.concat(captured), total, upstreamRes.headers, limit);
    if (body.kind === "json") masker.learn(body.value);
    let responseMismatches: Mismatch[] = [];
    try {
      responseMismatches = route ? check.response(route, status, body) : [];
    } catch (error) {
      // The answer has gone out already; a checker failure must neither break it nor stop the proxy.
      log(
        `[iamport-mock proxy] ${operation}: could not check the answer: ${error instanceof Error ? masker.scrubText(error.message) : "unknown error"}`,
      );
    }
    drift.add(operation, [...mismatches, ...responseMismatches]);
    if (recorder && route && body.kind === "json") {
      const operationId = options.operationIds?.get(route.key) ?? route.key;
      await recorder.record({ operationId, key: route.key }, status, body.value, responseMismatches).catch((error: unknown) => {
        log(
          `[iamport-mock proxy] could not write a recording: ${error instanceof Error ? masker.scrubText(error.message) : "unknown error"}`,
        );
      });
    }
  };
}
