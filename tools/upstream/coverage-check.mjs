// Compares the bundled spec with the upstream inventory: every upstream
// operation, request parameter and response field must be in the spec by
// name, or be waived with a written reason.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { listOperations, resolveRef } from "@iamport-contract/spec/toolkit";

export const WAIVERS_PATH = fileURLToPath(new URL("./waivers.json", import.meta.url));

/** Dot paths of every property reachable from a schema, through compositions and array items. */
function schemaFields(schema, resolve, prefix = "", out = new Set(), seen = new Set()) {
  const node = resolve(schema);
  if (!node || typeof node !== "object" || seen.has(node)) return out;
  seen.add(node);
  for (const key of ["allOf", "anyOf", "oneOf"]) for (const part of node[key] ?? []) schemaFields(part, resolve, prefix, out, seen);
  if (node.items) schemaFields(node.items, resolve, prefix, out, seen);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.add(path);
    schemaFields(child, resolve, path, out, new Set(seen));
  }
  seen.delete(node);
  return out;
}

function requestNames(pathItem, operation, resolve) {
  const names = new Set();
  for (const p of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) names.add(resolve(p).name);
  const body = resolve(operation.requestBody);
  for (const media of Object.values(body?.content ?? {})) for (const field of schemaFields(media.schema, resolve)) names.add(field);
  return names;
}

function responsePayloadFields(operation, resolve) {
  const fields = new Set();
  const ok = resolve(operation.responses?.["200"]);
  for (const media of Object.values(ok?.content ?? {})) {
    for (const field of schemaFields(media.schema, resolve)) {
      if (field.startsWith("response.")) fields.add(field.slice("response.".length));
    }
  }
  return fields;
}

export function loadWaivers(path = WAIVERS_PATH) {
  const waivers = JSON.parse(readFileSync(path, "utf8"));
  for (const w of waivers) {
    if (!w.operation || !w.kind || !w.reason || w.reason.trim().length < 10) {
      throw new Error(`Every waiver needs operation, kind and a written reason: ${JSON.stringify(w)}`);
    }
  }
  return waivers;
}

/**
 * @returns {{ totals: Record<string, {upstream: number, present: number, waived: number}>, gaps: object[], unusedWaivers: object[] }}
 */
export function checkCoverage(spec, inventory, waivers) {
  const resolve = (node) => resolveRef(spec, node);
  const waiverKey = (w) => `${w.operation}|${w.kind}|${w.name ?? ""}`;
  const waiverIndex = new Map(waivers.map((w) => [waiverKey(w), w]));
  const used = new Set();
  const totals = {
    operations: { upstream: 0, present: 0, waived: 0 },
    parameters: { upstream: 0, present: 0, waived: 0 },
    responseFields: { upstream: 0, present: 0, waived: 0 },
  };
  const gaps = [];

  // A relocation waiver ({name: "*", foundUnder: "list"}) says where our spec
  // deliberately puts upstream's fields; each field is still checked there.
  const relocated = (kind, operation, name, has) => {
    const key = waiverKey({ operation, kind, name: "*" });
    const waiver = waiverIndex.get(key);
    if (waiver?.foundUnder && has(`${waiver.foundUnder}.${name}`)) {
      used.add(key);
      return true;
    }
    return false;
  };

  const account = (kind, operation, name, present, has = () => false) => {
    totals[kind].upstream++;
    if (present) {
      totals[kind].present++;
      return;
    }
    if (relocated(kind, operation, name, has)) {
      totals[kind].waived++;
      return;
    }
    const key = waiverKey({ operation, kind, name });
    if (waiverIndex.has(key)) {
      totals[kind].waived++;
      used.add(key);
    } else {
      gaps.push({ operation, kind, name });
    }
  };

  for (const upstream of inventory.operations) {
    const label = `${upstream.method} ${upstream.path}`;
    const pathItem = spec.paths?.[upstream.path];
    const operation = pathItem?.[upstream.method.toLowerCase()];
    account("operations", label, undefined, Boolean(operation));
    if (!operation) continue;
    const names = requestNames(pathItem, operation, resolve);
    for (const p of upstream.parameters) account("parameters", label, p.name, names.has(p.name));
    const fields = responsePayloadFields(operation, resolve);
    for (const f of upstream.responseFields) account("responseFields", label, f.name, fields.has(f.name), (path) => fields.has(path));
  }
  const unusedWaivers = waivers.filter((w) => !used.has(waiverKey(w)));
  return { totals, gaps, unusedWaivers };
}

export function specOperationCount(spec) {
  return listOperations(spec).length;
}

export function formatReport({ totals, gaps, unusedWaivers }) {
  const lines = ["Upstream coverage (PortOne V1 reference → our spec):"];
  for (const [kind, t] of Object.entries(totals)) {
    const pct = t.upstream ? ((100 * (t.present + t.waived)) / t.upstream).toFixed(1) : "100.0";
    lines.push(
      `  ${kind.padEnd(15)} ${String(t.present).padStart(5)} present + ${String(t.waived).padStart(3)} waived of ${String(t.upstream).padStart(5)} (${pct}%)`,
    );
  }
  if (gaps.length) {
    lines.push(`  ${gaps.length} unexplained gap(s):`);
    for (const g of gaps.slice(0, 200)) lines.push(`    - ${g.operation}: ${g.kind}${g.name ? ` \`${g.name}\`` : ""}`);
    if (gaps.length > 200) lines.push(`    … and ${gaps.length - 200} more`);
  }
  if (unusedWaivers.length) {
    lines.push(`  ${unusedWaivers.length} waiver(s) no longer needed (remove them):`);
    for (const w of unusedWaivers) lines.push(`    - ${w.operation}: ${w.kind}${w.name ? ` \`${w.name}\`` : ""}`);
  }
  return lines.join("\n");
}
