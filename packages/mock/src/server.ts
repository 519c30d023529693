import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { IHttpRequest } from "@stoplight/prism-http";
import { errorBody, type Violation } from "./envelope.js";
import { createPrismEngine, type PrismDiagnostic, type PrismLogLevel } from "./prism.js";
import { bundledSpecPath } from "./spec.js";

export interface MockOptions {
  /** Port to listen on; `0` picks a free one. Default 4010. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** OpenAPI document to serve. Default: the bundled `@iamport-contract/spec`. */
  specPath?: string;
  /**
   * Prism's own log level. Default `silent`: Prism logs every rejected
   * request at `error`, and info logging halves throughput.
   */
  logLevel?: PrismLogLevel;
}

export interface RunningMock {
  /** Base URL, e.g. `http://127.0.0.1:4010`. Both the V1 and the supplements paths live under it. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const UNAUTHORIZED_MESSAGE = "Unauthorized: send the access token from POST /users/getToken in the Authorization header";
const MAX_BODY_BYTES = 1024 * 1024;

class BadRequest extends Error {}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
}

function toPrismRequest(req: IncomingMessage, rawBody: string | undefined): IHttpRequest {
  const url = new URL(req.url ?? "/", "http://mock.invalid");
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  let body: unknown = rawBody;
  const contentType = req.headers["content-type"] ?? "";
  if (rawBody !== undefined && /^application\/(.+\+)?json/i.test(contentType)) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new BadRequest("Request body is not valid JSON");
    }
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: (req.method ?? "GET").toLowerCase() as IHttpRequest["method"],
    url: { path: url.pathname, query },
    headers,
    body,
  };
}

function toViolations(diagnostics: PrismDiagnostic[]): Violation[] {
  return diagnostics.map((d) => ({ location: (d.path ?? []).join("."), message: d.message }));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

function describeViolations(violations: Violation[]): string {
  return `Invalid request: ${violations.map((v) => v.message).join("; ")}`;
}

/**
 * Starts the mock: every V1 and supplements operation of the spec on one
 * port, with requests validated against the spec and errors answered in
 * PortOne's `{code, message, response}` envelope.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const engine = await createPrismEngine(options.specPath ?? bundledSpecPath(), options.logLevel ?? "silent");

  const server = createServer(async (req, res) => {
    try {
      const prismRequest = toPrismRequest(req, await readBody(req));
      const result = await engine.handle(prismRequest);
      if (result.kind === "output") {
        if (result.inputViolations.some((v) => v.code === 401)) {
          sendJson(res, 401, errorBody(-1, UNAUTHORIZED_MESSAGE));
          return;
        }
        if (result.inputViolations.length > 0) {
          const violations = toViolations(result.inputViolations);
          sendJson(res, 400, errorBody(-1, describeViolations(violations), violations));
          return;
        }
        const { statusCode, headers, body } = result.response;
        if (body === undefined) {
          res.writeHead(statusCode, headers ?? {});
          res.end();
          return;
        }
        sendJson(res, statusCode, body, { ...(headers ?? {}) });
        return;
      }
      if (result.status === 401) {
        sendJson(res, 401, errorBody(-1, UNAUTHORIZED_MESSAGE));
      } else if (result.violations.length > 0) {
        const violations = toViolations(result.violations);
        sendJson(res, 400, errorBody(-1, describeViolations(violations), violations));
      } else {
        sendJson(res, result.status, errorBody(-1, result.detail));
      }
    } catch (error) {
      if (error instanceof BadRequest) {
        sendJson(res, 400, errorBody(-1, error.message));
        return;
      }
      sendJson(res, 500, errorBody(-1, "Mock server error"));
      console.error("[iamport-mock] unexpected error:", error instanceof Error ? error.message : error);
    }
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
