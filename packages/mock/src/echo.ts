import type { SpecValidator } from "./validation.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function reflect(target: Json, fields: Json): Json {
  let out: Json | undefined;
  for (const key of Object.keys(target)) {
    const sent = fields[key];
    const current = target[key];
    if (sent === undefined || current === sent) continue;
    const compatible =
      (typeof current === typeof sent && (typeof sent === "string" || typeof sent === "number" || typeof sent === "boolean")) ||
      (current === null && (typeof sent === "string" || typeof sent === "number"));
    if (!compatible) continue;
    out ??= { ...target };
    out[key] = sent;
  }
  return out ?? target;
}

/**
 * Echo, as stripe-mock does it: in an example response, a field named like a
 * field of the request (body, path or query) takes the request's value. Only
 * scalar fields of the payload (`response` inside PortOne's envelope, or the
 * top level of an unwrapped body) are reflected, and only when the result
 * still validates against the documented schema; otherwise the example is
 * returned as it is.
 */
export function echo(
  body: unknown,
  fields: Json,
  check: { validator: SpecValidator; method: string; template: string; status: number } | undefined,
): unknown {
  if (!isObject(body) || Object.keys(fields).length === 0) return body;
  let echoed: unknown = body;
  if ("response" in body && "code" in body) {
    const response = body.response;
    if (isObject(response)) {
      const reflected = reflect(response, fields);
      if (reflected !== response) echoed = { ...body, response: reflected };
    } else if (Array.isArray(response)) {
      const items = response.map((item) => (isObject(item) ? reflect(item, fields) : item));
      if (items.some((item, i) => item !== response[i])) echoed = { ...body, response: items };
    }
  } else {
    echoed = reflect(body, fields);
  }
  if (echoed === body) return body;
  if (check && !check.validator.checkResponse(check.method, check.template, check.status, echoed).ok) return body;
  return echoed;
}
