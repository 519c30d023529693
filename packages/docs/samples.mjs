// Generates one TypeScript code sample per operation of the bundled spec,
// written against `@iamport-contract/client`. Values come from the spec
// itself (parameter examples, the first named request-body example), so a
// sample cannot show a field or a path the spec (and therefore the generated
// client types) does not have: `npm test` type-checks every sample.

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];
const SUPPLEMENTS_PREFIX = "/api/supplements/";
export const SAMPLE_LANG = "TypeScript";
export const SAMPLE_LABEL = "TypeScript";

/** Every operation of the spec, in document order. */
export function listOperations(spec) {
  const operations = [];
  for (const [path, pathItem] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation) operations.push({ path, method, operation, pathItem });
    }
  }
  return operations;
}

/** Follows local `$ref`s (`#/components/...`) until a real object is reached. */
export function resolve(spec, node) {
  let current = node;
  for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`$ref loop at ${current.$ref}`);
    if (!current.$ref.startsWith("#/")) throw new Error(`Only local $refs are expected in the bundle, got ${current.$ref}`);
    let target = spec;
    for (const part of current.$ref.slice(2).split("/")) target = target?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
    if (target === undefined) throw new Error(`Unresolvable $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

/** A file-system and URL friendly name for the operation's sample. */
export function sampleFileName({ path, method, operation }) {
  const base = operation.operationId ?? `${method}_${path.replace(/[^A-Za-z0-9]+/g, "_")}`;
  return `${base}.ts`;
}

/** The sample's source code. */
export function sampleFor(spec, entry) {
  const { path, method, operation, pathItem } = entry;
  const clientName = path.startsWith(SUPPLEMENTS_PREFIX) ? "supplements" : "v1";
  const params = parameterValues(spec, [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]);
  const body = requestBodyValue(spec, operation);
  const success = successShape(spec, operation);

  const init = [];
  const paramEntries = Object.entries(params).filter(([, values]) => Object.keys(values).length > 0);
  if (paramEntries.length > 0) init.push(`params: ${literal(Object.fromEntries(paramEntries), 1)}`);
  if (body !== undefined) init.push(`body: ${literal(body.value, 1)}`);
  const initArg = init.length > 0 ? `, {\n${init.map((line) => `  ${line},\n`).join("")}}` : "";

  const lines = [
    'import { createIamportClient } from "@iamport-contract/client";',
    "",
    "// The client fetches, caches and refreshes the access token by itself.",
    "const portone = createIamportClient({",
    '  apiKey: process.env.PORTONE_API_KEY ?? "",',
    '  apiSecret: process.env.PORTONE_API_SECRET ?? "",',
    "});",
    "",
  ];
  if (path === "/users/getToken") {
    lines.push("// You rarely need this call: the client gets its token this way for every other call.");
  }
  if (operation.deprecated) lines.push("// Deprecated: prefer the replacement named in this operation's description.");
  if (body?.summary) lines.push(`// Body: the example "${body.summary}".`);
  const destructured = success === "none" ? "{ response }" : "{ data, response }";
  lines.push(`const ${destructured} = await portone.${clientName}.${method.toUpperCase()}(${JSON.stringify(path)}${initArg});`);
  if (success === "none") {
    lines.push(`if (!response.ok) throw new Error(\`HTTP \${response.status}\`);`);
    lines.push("console.log(response.status);");
  } else {
    lines.push(`if (!data) throw new Error(\`HTTP \${response.status}\`);`);
    if (success === "envelope" || success === "envelope-or-error") {
      // openapi-fetch drops `response: null` from an error variant's type, so such unions are narrowed with `in`.
      const guard = success === "envelope" ? "data.code !== 0" : 'data.code !== 0 || !("response" in data)';
      lines.push("// HTTP 200 can still be a refusal: check `code`.");
      lines.push(`if (${guard}) {`);
      lines.push(`  throw new Error(\`PortOne refused (\${data.code}): \${data.message}\`);`);
      lines.push("}");
      lines.push("console.log(data.response);");
    } else {
      lines.push("console.log(data);");
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A deep copy of the spec with an `x-codeSamples` entry on every operation (for the docs build only). */
export function withCodeSamples(spec) {
  const copy = structuredClone(spec);
  const samples = new Map();
  for (const entry of listOperations(copy)) {
    // Trailing-slash aliases (`x-lenient` path items) exist on the wire only; the client has no such path.
    if (entry.pathItem["x-lenient"] === true) continue;
    const source = sampleFor(copy, entry);
    samples.set(sampleFileName(entry), source);
    entry.operation["x-codeSamples"] = [{ lang: SAMPLE_LANG, label: SAMPLE_LABEL, source }];
  }
  return { spec: copy, samples };
}

function parameterValues(spec, parameterNodes) {
  const byKey = new Map();
  for (const node of parameterNodes) {
    const parameter = resolve(spec, node);
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
  const schema = resolve(spec, parameter.schema ?? {});
  return (
    parameter.example !== undefined || parameter.examples !== undefined || schema.example !== undefined || schema.examples !== undefined
  );
}

function exampleOf(spec, parameter) {
  if (parameter.example !== undefined) return parameter.example;
  if (parameter.examples && typeof parameter.examples === "object") {
    const first = Object.values(parameter.examples)[0];
    if (first !== undefined) return resolve(spec, first).value;
  }
  return schemaExample(spec, parameter.schema);
}

function schemaExample(spec, schemaNode, depth = 0) {
  if (!schemaNode || depth > 8) return undefined;
  const schema = resolve(spec, schemaNode);
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
  const schema = resolve(spec, parameter.schema ?? {});
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "integer" || type === "number") return schema.minimum ?? 1;
  if (type === "boolean") return false;
  if (type === "array") return [`your_${parameter.name.replace(/\W/g, "")}`];
  return `your_${parameter.name.replace(/\W/g, "")}`;
}

/** The first named example of the JSON request body (or of the only body media type): `{ value, summary }`. */
function requestBodyValue(spec, operation) {
  if (!operation.requestBody) return undefined;
  const requestBody = resolve(spec, operation.requestBody);
  const content = requestBody.content ?? {};
  const media = content["application/json"] ?? Object.values(content)[0];
  if (!media) return undefined;
  if (media.example !== undefined) return { value: media.example };
  const first = Object.values(media.examples ?? {})[0];
  if (first !== undefined) {
    const example = resolve(spec, first);
    return { value: example.value, summary: example.summary };
  }
  const fromSchema = schemaExample(spec, media.schema);
  if (fromSchema !== undefined) return { value: fromSchema };
  throw new Error(`${operation.operationId}: the request body has no example to build a sample from`);
}

/**
 * "envelope" ({code, message, response}), "envelope-or-error" (a oneOf of
 * envelopes, one of them an error with `response: null`), "json" (anything
 * else) or "none" (no JSON body on success).
 */
function successShape(spec, operation) {
  const [, successNode] = Object.entries(operation.responses ?? {}).find(([status]) => /^2/.test(status)) ?? [];
  if (!successNode) return "none";
  const json = resolve(spec, successNode).content?.["application/json"];
  if (!json?.schema) return "none";
  if (!isEnvelope(spec, json.schema)) return "json";
  const schema = resolve(spec, json.schema);
  const variants = schema.oneOf ?? schema.anyOf ?? [];
  return variants.some((variant) => responseIsNull(spec, variant)) ? "envelope-or-error" : "envelope";
}

function isEnvelope(spec, schemaNode) {
  const variants = resolve(spec, schemaNode);
  for (const key of ["oneOf", "anyOf"]) {
    if (Array.isArray(variants[key]) && variants[key].length > 0) return variants[key].every((part) => isEnvelope(spec, part));
  }
  const names = propertyNames(spec, variants);
  return names.has("code") && names.has("response");
}

function responseIsNull(spec, schemaNode) {
  const schema = resolve(spec, schemaNode);
  const response = schema.properties?.response && resolve(spec, schema.properties.response);
  if (response) return response.type === "null" || response.const === null;
  return (schema.allOf ?? []).some((part) => responseIsNull(spec, part));
}

/** Property names of a schema, merged through `allOf`. */
function propertyNames(spec, schemaNode, names = new Set(), depth = 0) {
  if (depth > 8) return names;
  const schema = resolve(spec, schemaNode);
  for (const name of Object.keys(schema.properties ?? {})) names.add(name);
  for (const part of schema.allOf ?? []) propertyNames(spec, part, names, depth + 1);
  return names;
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
