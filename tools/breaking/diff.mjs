// Compares two bundled OpenAPI 3.1 documents and classifies every change a
// consumer of the generated types could notice. Requests and responses are
// judged in opposite directions: a request may accept more and a response may
// promise more without breaking anyone; the reverse breaks callers.
//
// Each schema is flattened before comparison: $refs resolved, allOf merged as
// an intersection, oneOf/anyOf merged as a union (a field is required only if
// every alternative requires it), and alternatives of the same count are also
// compared pair by pair so that a field made required inside one alternative
// is not missed.
import { listOperations, listWebhooks, resolvePointer, resolveRef } from "@iamport-contract/spec/toolkit";

export const SEVERITY = { breaking: "breaking", warning: "warning", additive: "additive" };

/** What each rule means and how bad it is. */
export const RULES = {
  "operation-removed": { severity: "breaking", text: "operation removed" },
  "operation-id-renamed": { severity: "breaking", text: "operationId renamed (generated names change)" },
  "operation-added": { severity: "additive", text: "operation added" },
  "operation-deprecated": { severity: "additive", text: "operation deprecated" },
  "security-required": { severity: "breaking", text: "operation now requires authentication" },
  "security-changed": { severity: "warning", text: "security requirements changed" },
  "security-alternative-added": { severity: "additive", text: "another way to authenticate is accepted; every old one still is" },
  "parameter-removed": { severity: "breaking", text: "parameter removed" },
  "required-parameter-added": { severity: "breaking", text: "new required parameter" },
  "parameter-became-required": { severity: "breaking", text: "optional parameter became required" },
  "parameter-added": { severity: "additive", text: "optional parameter added" },
  "parameter-became-optional": { severity: "additive", text: "required parameter became optional" },
  "request-body-removed": { severity: "breaking", text: "request body removed" },
  "request-body-required-added": { severity: "breaking", text: "new required request body" },
  "request-body-became-required": { severity: "breaking", text: "request body became required" },
  "request-body-added": { severity: "additive", text: "optional request body added" },
  "request-media-type-removed": { severity: "breaking", text: "request media type no longer accepted" },
  "request-media-type-added": { severity: "additive", text: "request media type added" },
  "request-field-removed": { severity: "breaking", text: "request field removed (callers that send it no longer compile)" },
  "required-field-added": { severity: "breaking", text: "new required request field" },
  "field-became-required": { severity: "breaking", text: "optional request field became required" },
  "request-field-added": { severity: "additive", text: "optional request field added" },
  "field-became-optional": { severity: "additive", text: "required request field became optional" },
  "type-narrowed": { severity: "breaking", text: "request type narrowed" },
  "type-changed": { severity: "breaking", text: "type changed" },
  "type-widened": { severity: "additive", text: "request type widened" },
  "enum-restricted": { severity: "breaking", text: "request value restricted to an enum" },
  "enum-value-removed": { severity: "breaking", text: "request enum value removed" },
  "enum-value-added": { severity: "additive", text: "request enum value added" },
  "enum-lifted": { severity: "additive", text: "request enum restriction lifted" },
  "constraint-tightened": { severity: "warning", text: "request constraint tightened" },
  "pattern-changed": {
    severity: "warning",
    text: "request pattern replaced (the check cannot compare regular expressions; EVIDENCE.md says which values it adds or drops)",
  },
  "constraint-loosened": { severity: "additive", text: "request constraint loosened" },
  "request-alternative-removed": { severity: "breaking", text: "request oneOf/anyOf alternative removed" },
  "request-alternative-added": { severity: "additive", text: "request oneOf/anyOf alternative added" },
  "branch-constraint-dropped": {
    severity: "additive",
    text: "a oneOf/anyOf branch no longer constrains this field; the object still declares it",
  },
  "response-removed": { severity: "breaking", text: "success response removed" },
  "error-response-removed": { severity: "warning", text: "error response removed" },
  "response-added": { severity: "additive", text: "response added" },
  "response-media-type-removed": { severity: "breaking", text: "response media type removed" },
  "response-media-type-added": { severity: "additive", text: "response media type added" },
  "response-field-removed": { severity: "breaking", text: "response field removed" },
  "response-field-became-optional": { severity: "breaking", text: "response field may now be absent" },
  "response-field-added": { severity: "additive", text: "response field added" },
  "response-field-became-required": { severity: "additive", text: "response field now always present" },
  "response-type-narrowed": { severity: "additive", text: "response type narrowed" },
  "response-type-widened": { severity: "warning", text: "response type widened (callers must handle the new type, e.g. null)" },
  "response-enum-value-removed": { severity: "breaking", text: "response enum value removed" },
  "response-enum-value-added": { severity: "warning", text: "response enum value added (exhaustive switches need a case)" },
  "response-enum-lifted": { severity: "warning", text: "response enum restriction lifted" },
  "response-enum-restricted": { severity: "additive", text: "response restricted to an enum" },
};

// ───────────────────────────── schema flattening ─────────────────────────────

const CONSTRAINTS = {
  minLength: "min",
  minimum: "min",
  exclusiveMinimum: "min",
  minItems: "min",
  minProperties: "min",
  maxLength: "max",
  maximum: "max",
  exclusiveMaximum: "max",
  maxItems: "max",
  maxProperties: "max",
  pattern: "exact",
  format: "exact",
  multipleOf: "exact",
};

const emptyNode = () => ({ types: null, enum: null, constraints: {}, properties: new Map(), required: new Set(), items: null, groups: [] });

/** Is JSON type `t` accepted by a type set (null set = anything)? An integer is a number. */
function allows(types, t) {
  return types === null || types.has(t) || (t === "integer" && types.has("number"));
}

/** Intersection (allOf) of two flattened nodes. */
function intersect(a, b) {
  const out = emptyNode();
  if (a.types === null) out.types = b.types;
  else if (b.types === null) out.types = a.types;
  else {
    out.types = new Set();
    for (const t of a.types) if (allows(b.types, t)) out.types.add(t);
    for (const t of b.types) if (allows(a.types, t)) out.types.add(t);
  }
  if (a.enum === null) out.enum = b.enum;
  else if (b.enum === null) out.enum = a.enum;
  else out.enum = a.enum.filter((v) => b.enum.includes(v));
  out.constraints = { ...a.constraints };
  for (const [k, v] of Object.entries(b.constraints)) {
    if (out.constraints[k] === undefined) out.constraints[k] = v;
    else if (CONSTRAINTS[k] === "min") out.constraints[k] = Math.max(out.constraints[k], v);
    else if (CONSTRAINTS[k] === "max") out.constraints[k] = Math.min(out.constraints[k], v);
    else out.constraints[k] = v;
  }
  out.properties = new Map(a.properties);
  for (const [name, node] of b.properties)
    out.properties.set(name, out.properties.has(name) ? intersect(out.properties.get(name), node) : node);
  out.required = new Set([...a.required, ...b.required]);
  out.items = a.items && b.items ? intersect(a.items, b.items) : (a.items ?? b.items);
  out.groups = [...a.groups, ...b.groups];
  out.cycle = a.cycle ?? b.cycle;
  return out;
}

/** Union (oneOf/anyOf) of flattened alternatives. */
function unite(nodes) {
  const out = emptyNode();
  out.types = nodes.some((n) => n.types === null) ? null : new Set(nodes.flatMap((n) => [...n.types]));
  out.enum = nodes.some((n) => n.enum === null) ? null : [...new Set(nodes.flatMap((n) => n.enum))];
  for (const k of Object.keys(CONSTRAINTS)) {
    const values = nodes.map((n) => n.constraints[k]);
    if (values.some((v) => v === undefined)) continue;
    if (CONSTRAINTS[k] === "min") out.constraints[k] = Math.min(...values);
    else if (CONSTRAINTS[k] === "max") out.constraints[k] = Math.max(...values);
    else if (values.every((v) => v === values[0])) out.constraints[k] = values[0];
  }
  const names = new Set(nodes.flatMap((n) => [...n.properties.keys()]));
  for (const name of names) {
    const parts = nodes.map((n) => n.properties.get(name)).filter(Boolean);
    out.properties.set(name, parts.length === 1 ? parts[0] : unite(parts));
  }
  for (const name of names) if (nodes.every((n) => n.required.has(name))) out.required.add(name);
  const items = nodes.map((n) => n.items).filter(Boolean);
  out.items = items.length ? unite(items) : null;
  return out;
}

function flatten(doc, schema, stack = []) {
  if (schema === true || schema === undefined || schema === null) return emptyNode();
  if (schema === false) return { ...emptyNode(), types: new Set() };
  if (typeof schema.$ref === "string") {
    if (stack.includes(schema.$ref)) return { ...emptyNode(), cycle: schema.$ref };
    const target = resolvePointer(doc, schema.$ref);
    // 3.1 allows siblings next to $ref: they apply on top of the target.
    const { $ref, ...siblings } = schema;
    const resolved = flatten(doc, target, [...stack, $ref]);
    return Object.keys(siblings).length ? intersect(resolved, flatten(doc, siblings, stack)) : resolved;
  }
  let node = emptyNode();
  if (schema.type !== undefined) node.types = new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if (schema.nullable === true && node.types) node.types.add("null");
  if (Array.isArray(schema.enum)) node.enum = schema.enum.map((v) => JSON.stringify(v));
  if (schema.const !== undefined) node.enum = [JSON.stringify(schema.const)];
  for (const k of Object.keys(CONSTRAINTS))
    if (typeof schema[k] === "number" || typeof schema[k] === "string") node.constraints[k] = schema[k];
  for (const [name, child] of Object.entries(schema.properties ?? {})) node.properties.set(name, flatten(doc, child, stack));
  for (const name of schema.required ?? []) node.required.add(name);
  if (schema.items && typeof schema.items === "object") node.items = flatten(doc, schema.items, stack);
  for (const part of schema.allOf ?? []) node = intersect(node, flatten(doc, part, stack));
  for (const kind of ["oneOf", "anyOf"]) {
    if (!Array.isArray(schema[kind])) continue;
    const branches = schema[kind].map((part) => flatten(doc, part, stack));
    node = intersect(node, unite(branches));
    node.groups = [...node.groups, { kind, branches }];
  }
  return node;
}

// ───────────────────────────── comparison ─────────────────────────────

const typeText = (types) => (types === null ? "any" : [...types].sort().join(" | ") || "never");
const enumText = (values) => (values === null ? "any value" : values.join(" | "));

/**
 * Compares two flattened schemas. `side` is "request" (what callers send) or
 * "response" (what callers receive). `emit(rule, field, before, after)`.
 */
function compareNodes(before, after, side, field, emit, depth = 0) {
  if (depth > 40 || before.cycle || after.cycle) return;
  const req = side === "request";

  // types
  const lost = before.types === null ? (after.types === null ? [] : ["any"]) : [...before.types].filter((t) => !allows(after.types, t));
  const gained = after.types === null ? (before.types === null ? [] : ["any"]) : [...after.types].filter((t) => !allows(before.types, t));
  if (lost.length && gained.length) emit("type-changed", field, typeText(before.types), typeText(after.types));
  else if (lost.length) emit(req ? "type-narrowed" : "response-type-narrowed", field, typeText(before.types), typeText(after.types));
  else if (gained.length) emit(req ? "type-widened" : "response-type-widened", field, typeText(before.types), typeText(after.types));

  // enums
  if (before.enum === null && after.enum !== null)
    emit(req ? "enum-restricted" : "response-enum-restricted", field, "any value", enumText(after.enum));
  else if (before.enum !== null && after.enum === null)
    emit(req ? "enum-lifted" : "response-enum-lifted", field, enumText(before.enum), "any value");
  else if (before.enum !== null) {
    for (const v of before.enum.filter((x) => !after.enum.includes(x)))
      emit(req ? "enum-value-removed" : "response-enum-value-removed", field, v, "—");
    for (const v of after.enum.filter((x) => !before.enum.includes(x)))
      emit(req ? "enum-value-added" : "response-enum-value-added", field, "—", v);
  }

  // constraints: only requests can be refused by them
  if (req) {
    for (const k of Object.keys(CONSTRAINTS)) {
      const b = before.constraints[k];
      const a = after.constraints[k];
      if (b === a) continue;
      if (k === "pattern" && b !== undefined && a !== undefined) {
        emit("pattern-changed", field, `${k}: ${b}`, `${k}: ${a}`);
        continue;
      }
      const kind = CONSTRAINTS[k];
      const tighter = b === undefined || (a !== undefined && ((kind === "min" && a > b) || (kind === "max" && a < b) || kind === "exact"));
      emit(tighter ? "constraint-tightened" : "constraint-loosened", field, `${k}: ${b ?? "—"}`, `${k}: ${a ?? "—"}`);
    }
  }

  // properties
  const sub = (name) => (field ? `${field}.${name}` : name);
  for (const [name, b] of before.properties) {
    const a = after.properties.get(name);
    if (!a) {
      emit(req ? "request-field-removed" : "response-field-removed", sub(name), typeText(b.types), "—");
      continue;
    }
    const wasRequired = before.required.has(name);
    const isRequired = after.required.has(name);
    if (!wasRequired && isRequired)
      emit(req ? "field-became-required" : "response-field-became-required", sub(name), "optional", "required");
    if (wasRequired && !isRequired)
      emit(req ? "field-became-optional" : "response-field-became-optional", sub(name), "required", "optional");
    compareNodes(b, a, side, sub(name), emit, depth + 1);
  }
  for (const [name, a] of after.properties) {
    if (before.properties.has(name)) continue;
    if (req) emit(after.required.has(name) ? "required-field-added" : "request-field-added", sub(name), "—", typeText(a.types));
    else emit("response-field-added", sub(name), "—", typeText(a.types));
  }

  // array items
  if (before.items && after.items) compareNodes(before.items, after.items, side, `${field}[]`, emit, depth + 1);

  // oneOf/anyOf alternatives, pair by pair
  before.groups.forEach((group, i) => {
    const other = after.groups[i];
    if (!other || other.kind !== group.kind) return;
    if (other.branches.length < group.branches.length && req) {
      emit("request-alternative-removed", field, `${group.branches.length} alternatives`, `${other.branches.length}`);
    } else if (other.branches.length > group.branches.length && req) {
      emit("request-alternative-added", field, `${group.branches.length} alternatives`, `${other.branches.length}`);
    } else if (other.branches.length === group.branches.length) {
      // A field a branch stops listing is not removed when the object itself
      // still declares it: the branch merely stops constraining it (e.g. a
      // conditional "physical goods need a state" rule that is dropped).
      const stillDeclared = (f) => {
        const name = field ? f.slice(field.length + 1) : f;
        return !name.includes(".") && after.properties.has(name);
      };
      group.branches.forEach((branch, j) => {
        const where = `${group.kind} #${j + 1}`;
        compareNodes(
          branch,
          other.branches[j],
          side,
          field,
          (rule, f, b, a) =>
            (rule === "request-field-removed" || rule === "response-field-removed") && stillDeclared(f)
              ? emit("branch-constraint-dropped", f, b, a, where)
              : emit(rule, f, b, a, where),
          depth + 1,
        );
      });
    }
  });
}

// ───────────────────────────── operations ─────────────────────────────

function operations(doc) {
  const out = new Map();
  for (const { path, method, operation, pathItem } of listOperations(doc)) {
    out.set(`${method.toUpperCase()} ${path}`, { pathItem, method, operation, webhook: false });
  }
  for (const { name, method, operation, pathItem } of listWebhooks(doc)) {
    out.set(`WEBHOOK ${name} (${method.toUpperCase()})`, { pathItem, method, operation, webhook: true });
  }
  return out;
}

function parameters(doc, pathItem, operation) {
  const byKey = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const p = resolveRef(doc, raw);
    byKey.set(`${p.in} ${p.name}`, p);
  }
  return byKey;
}

const paramSchema = (p) => p.schema ?? Object.values(p.content ?? {})[0]?.schema;
const securityText = (s) => (s === undefined ? "none" : JSON.stringify(s));
const needsAuth = (s) => Array.isArray(s) && s.length > 0 && !s.some((req) => Object.keys(req).length === 0);
/** Does `after` keep every security requirement of `before` (security lists are alternatives) and add some? */
const onlyAddsAlternatives = (before, after) => {
  if (!Array.isArray(before) || !Array.isArray(after) || after.length <= before.length) return false;
  const texts = new Set(after.map((req) => JSON.stringify(req)));
  return before.every((req) => texts.has(JSON.stringify(req)));
};

/**
 * Every change between two bundled specs.
 * @returns {{operation: string, location: string, rule: string, severity: string, before: string, after: string}[]}
 */
export function diffSpecs(base, head) {
  const changes = [];
  const seen = new Set();
  const before = operations(base);
  const after = operations(head);
  const headIds = new Map([...after].map(([key, o]) => [o.operation.operationId, key]));

  for (const [key, b] of before) {
    const a = after.get(key);
    const emitOp = (rule, location, from, to) => {
      const dedupe = `${key}|${location}|${rule}|${from}|${to}`;
      if (seen.has(dedupe)) return;
      seen.add(dedupe);
      changes.push({ operation: key, location, rule, severity: RULES[rule].severity, before: String(from), after: String(to) });
    };
    if (!a) {
      const moved = headIds.get(b.operation.operationId);
      emitOp("operation-removed", "operation", b.operation.operationId ?? key, moved && moved !== key ? `moved to ${moved}` : "—");
      continue;
    }
    if (b.operation.operationId !== a.operation.operationId)
      emitOp("operation-id-renamed", "operationId", b.operation.operationId, a.operation.operationId);
    if (!b.operation.deprecated && a.operation.deprecated) emitOp("operation-deprecated", "operation", "—", "deprecated");

    // The data in a webhook flows to us, so its body is judged like a response.
    const inbound = b.webhook ? "response" : "request";
    if (!b.webhook) {
      const secB = b.operation.security ?? base.security;
      const secA = a.operation.security ?? head.security;
      if (securityText(secB) !== securityText(secA)) {
        emitOp(
          !needsAuth(secB) && needsAuth(secA)
            ? "security-required"
            : onlyAddsAlternatives(secB, secA)
              ? "security-alternative-added"
              : "security-changed",
          "security",
          securityText(secB),
          securityText(secA),
        );
      }
    }

    const schemaEmitter = (locationOf) => (rule, field, from, to, alternative) => {
      // A change found inside one alternative is reported once, without the alternative's name, if the merged view already saw it.
      if (alternative && seen.has(`${key}|${locationOf(field)}|${rule}|${from}|${to}`)) return;
      emitOp(rule, locationOf(field) + (alternative ? ` (${alternative})` : ""), from, to);
    };

    // parameters
    const pb = parameters(base, b.pathItem, b.operation);
    const pa = parameters(head, a.pathItem, a.operation);
    for (const [pk, p] of pb) {
      const q = pa.get(pk);
      const where = `parameter ${pk}`;
      if (!q) {
        emitOp("parameter-removed", where, p.required || p.in === "path" ? "required" : "optional", "—");
        continue;
      }
      const wasReq = Boolean(p.required || p.in === "path");
      const isReq = Boolean(q.required || q.in === "path");
      if (!wasReq && isReq) emitOp("parameter-became-required", where, "optional", "required");
      if (wasReq && !isReq) emitOp("parameter-became-optional", where, "required", "optional");
      const at = (field) => (field ? `${where} › ${field}` : where);
      compareNodes(flatten(base, paramSchema(p)), flatten(head, paramSchema(q)), "request", "", schemaEmitter(at));
    }
    for (const [pk, q] of pa) {
      if (pb.has(pk)) continue;
      const required = Boolean(q.required || q.in === "path");
      emitOp(required ? "required-parameter-added" : "parameter-added", `parameter ${pk}`, "—", required ? "required" : "optional");
    }

    // request body
    const rb = resolveRef(base, b.operation.requestBody);
    const ra = resolveRef(head, a.operation.requestBody);
    if (rb && !ra) emitOp("request-body-removed", "request body", "body", "—");
    else if (!rb && ra)
      emitOp(
        ra.required ? "request-body-required-added" : "request-body-added",
        "request body",
        "—",
        ra.required ? "required" : "optional",
      );
    else if (rb && ra) {
      if (!rb.required && ra.required && inbound === "request")
        emitOp("request-body-became-required", "request body", "optional", "required");
      for (const [media, mb] of Object.entries(rb.content ?? {})) {
        const ma = ra.content?.[media];
        if (!ma) {
          emitOp(inbound === "request" ? "request-media-type-removed" : "response-media-type-removed", `request body ${media}`, media, "—");
          continue;
        }
        const at = (field) => `request body ${media}${field ? ` › ${field}` : ""}`;
        compareNodes(flatten(base, mb.schema), flatten(head, ma.schema), inbound, "", schemaEmitter(at));
      }
      for (const media of Object.keys(ra.content ?? {})) {
        if (!rb.content?.[media])
          emitOp(inbound === "request" ? "request-media-type-added" : "response-media-type-added", `request body ${media}`, "—", media);
      }
    }

    // responses
    const respB = b.operation.responses ?? {};
    const respA = a.operation.responses ?? {};
    for (const [status, rawB] of Object.entries(respB)) {
      const where = `response ${status}`;
      if (!respA[status]) {
        emitOp(/^2/.test(status) ? "response-removed" : "error-response-removed", where, status, "—");
        continue;
      }
      const xb = resolveRef(base, rawB);
      const xa = resolveRef(head, respA[status]);
      for (const [media, mb] of Object.entries(xb.content ?? {})) {
        const ma = xa.content?.[media];
        if (!ma) {
          emitOp("response-media-type-removed", `${where} ${media}`, media, "—");
          continue;
        }
        const at = (field) => `${where} ${media}${field ? ` › ${field}` : ""}`;
        compareNodes(flatten(base, mb.schema), flatten(head, ma.schema), "response", "", schemaEmitter(at));
      }
      for (const media of Object.keys(xa.content ?? {}))
        if (!xb.content?.[media]) emitOp("response-media-type-added", `${where} ${media}`, "—", media);
    }
    for (const status of Object.keys(respA)) if (!respB[status]) emitOp("response-added", `response ${status}`, "—", status);
  }

  for (const [key, a] of after) {
    if (!before.has(key))
      changes.push({
        operation: key,
        location: "operation",
        rule: "operation-added",
        severity: "additive",
        before: "—",
        after: a.operation.operationId ?? key,
      });
  }
  return mergeMediaTypes(changes);
}

/**
 * JSON and form bodies usually share one schema, so one edit shows up once per
 * media type. Reports it once, naming both.
 */
function mergeMediaTypes(changes) {
  const out = [];
  const index = new Map();
  const mediaRe = /^(request body|response \S+) (\S+\/\S+)(.*)$/;
  for (const c of changes) {
    const m = mediaRe.exec(c.location);
    if (!m) {
      out.push(c);
      continue;
    }
    const key = `${c.operation}|${m[1]}|${m[3]}|${c.rule}|${c.before}|${c.after}`;
    const existing = index.get(key);
    if (existing) existing.media.push(m[2]);
    else {
      const merged = { ...c, media: [m[2]], parts: [m[1], m[3]] };
      index.set(key, merged);
      out.push(merged);
    }
  }
  return out.map(({ media, parts, ...c }) => (media ? { ...c, location: `${parts[0]} ${media.join(", ")}${parts[1]}` } : c));
}
