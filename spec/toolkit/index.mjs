// The one place that knows how to walk the bundled spec: every package and
// tool imports these by package name (`@iamport-contract/spec/toolkit`)
// instead of writing its own walker, `$ref` resolver or example picker.
import { readFileSync } from "node:fs";

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

/** Paths under this prefix are served by the supplements API (api.iamport.co), not api.iamport.kr. */
export const SUPPLEMENTS_PREFIX = "/api/supplements/";

/** The built bundle (`dist/openapi.json`), or another file of dist/ by name. */
export function loadBundle(file = "openapi.json") {
  return JSON.parse(readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8"));
}

export function isSupplementsPath(path) {
  return path.startsWith(SUPPLEMENTS_PREFIX);
}

/** The node a local JSON pointer (`#/components/schemas/Card`) names; throws when there is none. */
export function resolvePointer(doc, ref) {
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are expected in the bundle, got ${ref}`);
  let target = doc;
  for (const part of ref.slice(2).split("/")) target = target?.[decodeURIComponent(part).replaceAll("~1", "/").replaceAll("~0", "~")];
  if (target === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  return target;
}

/** Follows local `$ref`s (`#/components/...`) until a real object is reached. */
export function resolveRef(doc, node) {
  let current = node;
  for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`$ref loop at ${current.$ref}`);
    current = resolvePointer(doc, current.$ref);
  }
  return current;
}

/**
 * A copy of `doc` with every local `$ref` replaced by its target. A schema
 * that refers to itself (directly or through others) keeps that one `$ref`.
 */
export function dereference(doc) {
  const walk = (node, active) => {
    if (Array.isArray(node)) return node.map((item) => walk(item, active));
    if (!node || typeof node !== "object") return node;
    if (typeof node.$ref === "string") {
      if (active.has(node.$ref)) return node;
      const { $ref, ...siblings } = node;
      const target = walk(resolvePointer(doc, $ref), new Set(active).add($ref));
      return Object.keys(siblings).length === 0 ? target : { ...target, ...walk(siblings, active) };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value, active)]));
  };
  return walk(doc, new Set());
}

/** Every operation of the spec, in document order, with its path-level parameters merged in and resolved. */
export function listOperations(doc) {
  const found = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const pathItem = resolveRef(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      found.push({
        method,
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        operation,
        pathItem,
        parameters: [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveRef(doc, p)),
        supplements: isSupplementsPath(path),
      });
    }
  }
  return found;
}

/** Every webhook of the spec (`webhooks:`), in document order: PortOne calls the merchant's `notice_url`. */
export function listWebhooks(doc) {
  const found = [];
  for (const [name, rawItem] of Object.entries(doc.webhooks ?? {})) {
    const pathItem = resolveRef(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation) found.push({ name, method, operationId: operation.operationId ?? `${method} ${name}`, operation, pathItem });
    }
  }
  return found;
}

/** Named examples of a media type or parameter, resolved: `[name, value]` pairs (`example` counts as one named "example"). */
export function examplesOf(doc, holder) {
  if (!holder) return [];
  if ("example" in holder) return [["example", holder.example]];
  return Object.entries(holder.examples ?? {}).map(([name, example]) => [name, resolveRef(doc, example).value]);
}

/** The first named example of a media type or parameter, or undefined. */
export function firstExample(doc, holder) {
  const [first] = examplesOf(doc, holder);
  return first ? { name: first[0], value: first[1] } : undefined;
}

/**
 * Names of every property and parameter the spec marks `x-sensitive` (card
 * number, expiry, birth, `pwd_2digit`, secrets, tokens …): values that must
 * never reach a log, an error or a report.
 */
export function sensitiveFieldNames(doc) {
  const names = new Set();
  const seen = new Set();
  const walk = (node) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node.properties && typeof node.properties === "object") {
      for (const [name, property] of Object.entries(node.properties)) {
        if (resolveRef(doc, property)?.["x-sensitive"] === true || property?.["x-sensitive"] === true) names.add(name);
      }
    }
    if (typeof node.name === "string" && typeof node.in === "string" && node["x-sensitive"] === true) names.add(node.name);
    for (const value of Object.values(node)) walk(value);
  };
  walk(doc);
  return names;
}
