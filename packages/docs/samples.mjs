// Generates one TypeScript code sample per operation of the bundled spec,
// written against `@iamport-contract/client`. Values come from the spec
// itself (parameter examples, the first named request-body example), so a
// sample cannot show a field or a path the spec (and therefore the generated
// client types) does not have: `npm test` type-checks every sample.

import { isSupplementsPath, listOperations, listWebhooks as listSpecWebhooks, resolveRef } from "@iamport-contract/spec/toolkit";

export const SAMPLE_LANG = "TypeScript";
export const SAMPLE_LABEL = "TypeScript";
export const CURL_LANG = "curl";
export const CURL_LABEL = "curl";
export const JSON_LANG = "JSON";
export const JSON_LABEL = "JSON";

/** Every webhook of the spec: PortOne calls you, so its samples show the call you receive. */
function listWebhooks(spec) {
  return listSpecWebhooks(spec).map((entry) => ({ ...entry, path: WEBHOOK_URL, webhook: true }));
}

/** Stands for the merchant's own `notice_url` in webhook samples. */
const WEBHOOK_URL = "https://your-shop.example/portone/notice";

/** A webhook's TypeScript sample: the receiving side, with `handleWebhook`. */
function webhookSampleFor() {
  return [
    'import { createIamportClient } from "@iamport-contract/client";',
    'import { handleWebhook } from "@iamport-contract/client/payments";',
    "",
    "const portone = createIamportClient({",
    '  apiKey: process.env.PORTONE_API_KEY ?? "",',
    '  apiSecret: process.env.PORTONE_API_SECRET ?? "",',
    "});",
    "",
    "// Your notice_url route: pass the body as received (parsed JSON, raw string or form fields).",
    "// handleWebhook() reads the payment back with GET /payments/{imp_uid}, so the unsigned",
    "// body is only a hint; answer 2xx quickly and make the handler idempotent.",
    "export async function onPortoneNotice(body: unknown): Promise<number> {",
    "  await handleWebhook(portone, body, async (event) => {",
    "    // event.status and event.payment come from PortOne's API, not from the posted body.",
    "    console.log(event.impUid, event.merchantUid, event.status, event.dedupeKey);",
    "  });",
    "  return 200;",
    "}",
    "",
  ].join("\n");
}

/** A file-system and URL friendly name for the operation's sample. */
export function sampleFileName({ path, method, operation }) {
  const base = operation.operationId ?? `${method}_${path.replace(/[^A-Za-z0-9]+/g, "_")}`;
  return `${base}.ts`;
}

/** The TypeScript sample's source code: `unwrap` (and the `/payments` helpers where they fit). */
export function sampleFor(spec, entry) {
  const { path, method, operation, pathItem } = entry;
  const clientName = isSupplementsPath(path) ? "supplements" : "v1";
  const params = parameterValues(spec, [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]);
  const body = requestBodyValue(spec, operation);

  const init = [];
  const paramEntries = Object.entries(params).filter(([, values]) => Object.keys(values).length > 0);
  if (paramEntries.length > 0) init.push(`params: ${literal(Object.fromEntries(paramEntries), 1)}`);
  if (body !== undefined) init.push(`body: ${literal(body.value, 1)}`);
  const initArg = init.length > 0 ? `, {\n${init.map((line) => `  ${line},\n`).join("")}}` : "";
  const helper = PAYMENT_HELPERS[`${method} ${path}`];

  const lines = [
    helper
      ? `import { createIamportClient${helper.usesUnwrap ? ", unwrap" : ""} } from "@iamport-contract/client";`
      : 'import { createIamportClient, unwrap } from "@iamport-contract/client";',
  ];
  if (helper) lines.push(`import { ${helper.name} } from "@iamport-contract/client/payments";`);
  lines.push(
    "",
    "// The client fetches, caches and refreshes the access token by itself.",
    "const portone = createIamportClient({",
    '  apiKey: process.env.PORTONE_API_KEY ?? "",',
    '  apiSecret: process.env.PORTONE_API_SECRET ?? "",',
    "});",
    "",
  );
  if (path === "/users/getToken") {
    lines.push("// You rarely need this call: the client gets its token this way for every other call.");
  }
  if (operation.deprecated) lines.push("// Deprecated: prefer the replacement named in this operation's description.");
  if (helper) {
    lines.push(...helper.lines(params, body?.value));
    return `${lines.join("\n")}\n`;
  }
  if (body?.summary) lines.push(`// Body: the example "${body.summary}".`);
  lines.push(
    "// unwrap() returns the envelope's `response` and throws IamportApiError for",
    "// HTTP errors and for refusals that arrive as HTTP 200 with `code` ≠ 0.",
    `const result = await unwrap(portone.${clientName}.${method.toUpperCase()}(${JSON.stringify(path)}${initArg}));`,
    "console.log(result);",
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Operations the README says to call through `@iamport-contract/client/payments`
 * instead: their samples show the helper, with the spec's example values.
 */
const PAYMENT_HELPERS = {
  "post /payments/prepare": {
    name: "preparePayment",
    usesUnwrap: false,
    lines: (_params, body) => [
      "// preparePayment() registers the amount (POST /payments/prepare) and is safe to",
      "// repeat: the same amount again succeeds, another amount throws PrepareConflictError.",
      `await preparePayment(portone, { merchantUid: ${JSON.stringify(body?.merchant_uid ?? "order_20240101_0001")}, amount: ${Number(body?.amount ?? 10000)} });`,
    ],
  },
  "get /payments/{imp_uid}": {
    name: "verifyPayment",
    usesUnwrap: true,
    lines: (params) => [
      "// Reading a payment to decide on an order? verifyPayment() fetches it and checks",
      "// merchant_uid, amount, currency and status against your order (PaymentVerificationError).",
      'const order = { id: "order_20240101_0001", total: 10000 }; // from your database',
      `const paid = await verifyPayment(portone, { impUid: ${JSON.stringify(params.path.imp_uid)}, expected: { merchantUid: order.id, amount: order.total } });`,
      "console.log(paid.status);",
      "",
      "// The plain call: the payment as PortOne returns it.",
      `const payment = await unwrap(portone.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: ${JSON.stringify(params.path.imp_uid)} } } }));`,
      "console.log(payment.amount);",
    ],
  },
};

/** The server an operation is called on (the supplements API has its own host). */
export function serverFor(path) {
  return isSupplementsPath(path) ? "https://api.iamport.co" : "https://api.iamport.kr";
}

/** The filled-in URL of an operation with its example parameters. */
function exampleUrl(spec, entry) {
  const { path, operation, pathItem } = entry;
  if (entry.webhook) return { url: WEBHOOK_URL, headers: {} };
  const params = parameterValues(spec, [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]);
  const filled = path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(params.path[name] ?? name)));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params.query)) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item));
  }
  const search = query.toString();
  return { url: `${serverFor(path)}${filled}${search ? `?${search}` : ""}`, headers: params.header };
}

function needsToken(spec, operation) {
  const security = operation.security ?? spec.security ?? [];
  return security.length > 0 && !security.some((requirement) => Object.keys(requirement).length === 0);
}

/** A curl command for the operation, built from the spec's examples. */
export function curlSampleFor(spec, entry) {
  const { method, operation } = entry;
  const { url, headers } = exampleUrl(spec, entry);
  const body = requestBodyValue(spec, operation);
  const quote = (text) => `'${String(text).replaceAll("'", "'\\''")}'`;
  const parts = [`curl -X ${method.toUpperCase()} ${quote(url)}`];
  if (needsToken(spec, operation)) parts.push(`-H "Authorization: Bearer $PORTONE_ACCESS_TOKEN"`);
  for (const [name, value] of Object.entries(headers)) parts.push(`-H ${quote(`${name}: ${value}`)}`);
  if (body !== undefined) {
    parts.push(`-H 'Content-Type: application/json'`);
    parts.push(`-d ${quote(JSON.stringify(body.value, null, 2))}`);
  }
  return `${parts.join(" \\\n  ")}\n`;
}

/**
 * The raw JSON exchange: the request (method, URL, body) and the first
 * example of the success response, as one JSON document.
 */
export function jsonSampleFor(spec, entry) {
  const { method, operation } = entry;
  const { url } = exampleUrl(spec, entry);
  const body = requestBodyValue(spec, operation);
  const request = { method: method.toUpperCase(), url };
  if (body !== undefined) request.body = body.value;
  const [status, responseNode] = Object.entries(operation.responses ?? {}).find(([code]) => /^2/.test(code)) ?? [];
  const response = { status: Number(status ?? 200) };
  const media = responseNode ? resolveRef(spec, responseNode).content?.["application/json"] : undefined;
  if (media) {
    let value = media.example;
    if (value === undefined) {
      const first = Object.values(media.examples ?? {})[0];
      value = first === undefined ? schemaExample(spec, media.schema) : resolveRef(spec, first).value;
    }
    if (value !== undefined) response.body = value;
  }
  return `${JSON.stringify({ request, response }, null, 2)}\n`;
}

/** A deep copy of the spec with `x-codeSamples` (curl, JSON, TypeScript) on every operation (for the docs build only). */
export function withCodeSamples(spec) {
  const copy = structuredClone(spec);
  const samples = new Map();
  for (const entry of [...listOperations(copy), ...listWebhooks(copy)]) {
    const source = entry.webhook ? webhookSampleFor(entry) : sampleFor(copy, entry);
    samples.set(sampleFileName(entry), source);
    entry.operation["x-codeSamples"] = [
      { lang: CURL_LANG, label: CURL_LABEL, source: curlSampleFor(copy, entry) },
      { lang: JSON_LANG, label: JSON_LABEL, source: jsonSampleFor(copy, entry) },
      { lang: SAMPLE_LANG, label: SAMPLE_LABEL, source },
    ];
  }
  return { spec: copy, samples };
}

function parameterValues(spec, parameterNodes) {
  const byKey = new Map();
  for (const node of parameterNodes) {
    const parameter = resolveRef(spec, node);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter); // operation-level parameters override path-level ones
  }
  const params = { path: {}, query: {}, header: {} };
  for (const parameter of byKey.values()) {
    if (!(parameter.in in params)) continue; // cookies: none in this API
    const value = exampleOf(spec, parameter);
    // Required parameters always appear; optional ones only when the spec shows an example for them.
    if (parameter.required || parameter.in === "path") {
      params[parameter.in][parameter.name] = value === undefined ? placeholder(spec, parameter) : value;
    } else if (value !== undefined && hasExplicitExample(spec, parameter)) {
      params[parameter.in][parameter.name] = value;
    }
  }
  return params;
}

function hasExplicitExample(spec, parameter) {
  const schema = resolveRef(spec, parameter.schema ?? {});
  return (
    parameter.example !== undefined || parameter.examples !== undefined || schema.example !== undefined || schema.examples !== undefined
  );
}

function exampleOf(spec, parameter) {
  if (parameter.example !== undefined) return parameter.example;
  if (parameter.examples && typeof parameter.examples === "object") {
    const first = Object.values(parameter.examples)[0];
    if (first !== undefined) return resolveRef(spec, first).value;
  }
  return schemaExample(spec, parameter.schema);
}

function schemaExample(spec, schemaNode, depth = 0) {
  if (!schemaNode || depth > 8) return undefined;
  const schema = resolveRef(spec, schemaNode);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    for (const part of schema[key] ?? []) {
      const value = schemaExample(spec, part, depth + 1);
      if (value !== undefined) return value;
    }
  }
  if (schema.type === "array" && schema.items) {
    const item = schemaExample(spec, schema.items, depth + 1);
    return item === undefined ? undefined : [item];
  }
  return undefined;
}

function placeholder(spec, parameter) {
  const schema = resolveRef(spec, parameter.schema ?? {});
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "integer" || type === "number") return schema.minimum ?? 1;
  if (type === "boolean") return false;
  if (type === "array") return [`your_${parameter.name.replace(/\W/g, "")}`];
  return `your_${parameter.name.replace(/\W/g, "")}`;
}

/** The first named example of the JSON request body (or of the only body media type): `{ value, summary }`. */
function requestBodyValue(spec, operation) {
  if (!operation.requestBody) return undefined;
  const requestBody = resolveRef(spec, operation.requestBody);
  const content = requestBody.content ?? {};
  const media = content["application/json"] ?? Object.values(content)[0];
  if (!media) return undefined;
  if (media.example !== undefined) return { value: media.example };
  const first = Object.values(media.examples ?? {})[0];
  if (first !== undefined) {
    const example = resolveRef(spec, first);
    return { value: example.value, summary: example.summary };
  }
  const fromSchema = schemaExample(spec, media.schema);
  if (fromSchema !== undefined) return { value: fromSchema };
  throw new Error(`${operation.operationId}: the request body has no example to build a sample from`);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript object/array literal, indented by `level` steps of two spaces. */
export function literal(value, level = 0) {
  const pad = "  ".repeat(level + 1);
  const close = "  ".repeat(level);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${pad}${literal(item, level + 1)},\n`).join("")}${close}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const body = entries.map(([key, item]) => `${pad}${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${literal(item, level + 1)},\n`);
    return `{\n${body.join("")}${close}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}
