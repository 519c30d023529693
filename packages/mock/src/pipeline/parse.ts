import type { IHttpRequest } from "@stoplight/prism-http";
import { type Fields, parseForm } from "../body.js";
import { badRequest } from "../envelope.js";
import { BracketForms } from "../form.js";
import type { RouteMatch } from "../router.js";
import { type ReceivedRequest, RequestFailure } from "./read.js";

/** A routed request with its body read by the operation's media type. */
export interface ParsedRequest {
  /** The request as Prism's validator and mocker read it. */
  prism: IHttpRequest;
  /** The body as an object for handlers and the request log: parsed JSON or an expanded form; `{}` without one. */
  fields: Fields;
  /** What the request log keeps of the body: JSON as parsed, a form as its object, other text as is. */
  logged: unknown;
  /** Whether a body reached the validator (a validation verdict without one can be remembered). */
  hasBody: boolean;
}

const JSON_TYPE = /^application\/(.+\+)?json/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded/i;

/**
 * Step 3: the body read as the route's operation reads it.
 * - PortOne ignores a body sent with a GET or DELETE that takes none:
 *   Guzzle-based PHP clients put `[]` there (evidence: tests/e2e expected
 *   refusals, ModernPUG). Prism would refuse it, so it is dropped here.
 * - A bracket-form body (`schedules[0][…]=…`) is expanded by the operation's
 *   schema and handed to Prism as the JSON it stands for.
 */
export function parseRequest(
  received: ReceivedRequest,
  route: RouteMatch | undefined,
  options: { takesBody: (key: string) => boolean; bracketForms: BracketForms | undefined },
): ParsedRequest {
  const ignoresBody = route !== undefined && (received.method === "GET" || received.method === "DELETE") && !options.takesBody(route.key);
  const rawBody = ignoresBody ? undefined : received.body;
  const contentType = received.headers["content-type"] ?? "";
  let headers = received.headers;
  if (rawBody === undefined && (headers["content-length"] !== undefined || headers["transfer-encoding"] !== undefined)) {
    // Prism judges whether a body came by these headers: a dropped body is not there for it either.
    headers = { ...headers };
    delete headers["content-length"];
    delete headers["transfer-encoding"];
  }
  let body: unknown = rawBody;
  if (rawBody !== undefined && JSON_TYPE.test(contentType)) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new RequestFailure(badRequest("Request body is not valid JSON"));
    }
  }
  const prism: IHttpRequest = {
    method: received.method.toLowerCase() as IHttpRequest["method"],
    url: { path: received.pathname, query: received.query },
    headers,
    body,
  };
  const isForm = FORM_TYPE.test(contentType);
  let fields: Fields = {};
  if (route && options.bracketForms && BracketForms.applies(contentType, rawBody)) {
    const expanded = options.bracketForms.expand(route.method, route.template, rawBody);
    if (expanded) {
      prism.body = expanded;
      prism.headers = { ...prism.headers, "content-type": "application/json" };
      fields = expanded;
    }
  }
  if (typeof prism.body === "object" && prism.body !== null && !Array.isArray(prism.body)) fields = prism.body as Fields;
  else if (typeof prism.body === "string" && isForm) fields = parseForm(prism.body);
  const logged = typeof prism.body === "string" && isForm ? fields : prism.body;
  return { prism, fields, logged, hasBody: rawBody !== undefined };
}
