// Builds the upstream inventory: every documented PortOne V1 operation with
// its request parameters and response fields, by name and type only.
import { fileURLToPath } from "node:url";

export const INVENTORY_PATH = fileURLToPath(new URL("./portone-v1-inventory.json", import.meta.url));
export const DEFAULT_SURFACE = fileURLToPath(new URL("../../../shared/reference/portone-v1-surface.json", import.meta.url));

const MAX_DEPTH = 6;

/** Dot paths of every field under a reference-schema node (`ref`, `allOf`, `properties`, `items`). */
function collectFields(node, definitions, prefix, out, depth) {
  if (!node || depth > MAX_DEPTH) return;
  if (node.ref) {
    collectFields(definitions[node.ref], definitions, prefix, out, depth + 1);
    return;
  }
  for (const part of node.allOf ?? []) collectFields(part, definitions, prefix, out, depth + 1);
  if (node.items) collectFields(node.items, definitions, prefix, out, depth + 1);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const type = child.ref ? "object" : (child.type ?? (child.properties || child.allOf ? "object" : "unknown"));
    out.set(path, type);
    collectFields(child, definitions, path, out, depth + 1);
  }
}

/** The fields of a 200 response under its `response` payload (the envelope's own code/message are skipped). */
function responseFields(schema, definitions) {
  const all = new Map();
  collectFields(schema, definitions, "", all, 0);
  const fields = new Map();
  for (const [path, type] of all) {
    // PortOne's "one of two response shapes" is written as properties named after the shapes.
    const inner = path.replace(/^(CustomerResponse|SuperBillingKeyResponse)\./, "");
    if (inner.startsWith("response.")) fields.set(inner.slice("response.".length), type);
  }
  return [...fields].map(([name, type]) => ({ name, type })).sort((a, b) => a.name.localeCompare(b.name));
}

export function buildInventory(surface) {
  const operations = surface.operations.map((operation) => ({
    method: operation.method,
    path: operation.path,
    operationId: operation.operationId,
    tag: operation.tag,
    status: operation.status,
    parameters: operation.parameters.map((p) => ({
      name: p.name,
      in: p.in === "formData" ? "body" : p.in,
      type: p.type ?? "unknown",
      required: Boolean(p.required),
    })),
    responseFields: responseFields(operation.responses?.["200"]?.schema, surface.definitions),
  }));
  return {
    source: "PortOne V1 developer-center schema (facts only: names, places, types, flags)",
    schemaVersionDate: surface.schema_version_date ?? null,
    operations,
  };
}
