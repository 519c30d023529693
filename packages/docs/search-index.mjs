// Builds the page's search index at build time: one entry per operation,
// webhook, tag and guide section, with the words a reader may type
// (English and Korean titles, operationId, method and path, field names,
// description). The page's own search (search/search.js) matches every
// query word as a substring, because Redoc's built-in search matches whole
// words only and so cannot find Korean compounds (부분취소) or operationIds.
import { listOperations, listWebhooks, resolveRef } from "@iamport-contract/spec/toolkit";

/** Collapses whitespace, so text wrapped in YAML never glues words ("amount is", not "amountis"). */
export function flatten(text) {
  return String(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Redoc's route of a guide heading: lower case, spaces to dashes. */
export function sectionRoute(heading) {
  return `/section/${heading
    .trim()
    .toLowerCase()
    .replace(/[,.!?()"'`]/g, "")
    .replace(/\s+/g, "-")}`;
}

/** Redoc's route of an operation: its first tag, then its operationId in lower case. */
export function operationRoute(operation) {
  return `/${operation.tags?.[0] ?? "default"}/${String(operation.operationId).toLowerCase()}`;
}

function fieldNames(spec, node, names, depth = 0, seen = new Set()) {
  if (!node || depth > 6 || typeof node !== "object") return names;
  if (node.$ref) {
    if (seen.has(node.$ref)) return names;
    seen.add(node.$ref);
  }
  const schema = resolveRef(spec, node);
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    names.add(name);
    fieldNames(spec, child, names, depth + 1, seen);
  }
  for (const key of ["allOf", "oneOf", "anyOf"]) for (const part of schema[key] ?? []) fieldNames(spec, part, names, depth + 1, seen);
  if (schema.items) fieldNames(spec, schema.items, names, depth + 1, seen);
  return names;
}

function operationFields(spec, operation, pathItem) {
  const names = new Set();
  for (const node of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) names.add(resolveRef(spec, node).name);
  const body = operation.requestBody && resolveRef(spec, operation.requestBody);
  for (const media of Object.values(body?.content ?? {})) fieldNames(spec, media.schema, names);
  for (const response of Object.values(operation.responses ?? {})) {
    for (const media of Object.values(resolveRef(spec, response).content ?? {})) fieldNames(spec, media.schema, names);
  }
  return [...names];
}

/** The search entries of a bundled spec. */
export function buildSearchIndex(spec) {
  const entries = [];
  const description = String(spec.info?.description ?? "");
  const sections = description.split(/^## +/m).slice(1);
  for (const section of sections) {
    const [heading, ...rest] = section.split("\n");
    entries.push({ kind: "guide", title: heading.trim(), route: sectionRoute(heading), text: flatten(rest.join("\n")) });
  }
  for (const tag of spec.tags ?? []) {
    entries.push({ kind: "tag", title: tag["x-displayName"] ?? tag.name, route: `/${tag.name}`, text: flatten(tag.description) });
  }
  const add = ({ method, operation, pathItem }, path, webhook) => {
    entries.push({
      kind: webhook ? "webhook" : "operation",
      title: flatten(operation.summary ?? operation.operationId),
      route: operationRoute(operation),
      method: method.toUpperCase(),
      path: webhook ? `webhook: ${path}` : path,
      operationId: operation.operationId,
      fields: operationFields(spec, operation, pathItem).join(" "),
      text: flatten(operation.description),
    });
  };
  for (const entry of listOperations(spec)) add(entry, entry.path, false);
  for (const entry of listWebhooks(spec)) add(entry, entry.name, true);
  return entries;
}
