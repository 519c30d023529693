import { resolveRef } from "@iamport-contract/spec/toolkit";
import fc from "fast-check";

// biome-ignore lint/suspicious/noExplicitAny: JSON schemas are walked generically
type Schema = Record<string, any>;

const MAX_DEPTH = 6;
/** Strings and lists stay short: the fuzzer looks for wrong answers, not for the body limit. */
const MAX_STRING = 24;
const MAX_ITEMS = 3;

/** `allOf` members folded into one object schema (the spec uses `allOf` to extend envelopes and requests). */
function merged(doc: Schema, schema: Schema): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = schema.allOf.map((part: unknown) => merged(doc, resolveRef(doc, part) as Schema));
  const { allOf: _parts, ...rest } = schema;
  const out: Schema = { ...rest, properties: { ...(rest.properties ?? {}) }, required: [...(rest.required ?? [])] };
  for (const part of parts) {
    Object.assign(out.properties, part.properties ?? {});
    out.required.push(...(part.required ?? []));
    for (const [key, value] of Object.entries(part)) if (key !== "properties" && key !== "required") out[key] = value;
  }
  return out;
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING));
  const fits = (s: string) => s.length >= minLength && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  switch (schema.format) {
    case "date-time":
      return fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString());
    case "date":
      return fc
        .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case "email":
      return fc.emailAddress().filter(fits);
    case "uri":
    case "url":
      return fc.webUrl().filter(fits);
  }
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : undefined;
  const min = Math.max(schema.minimum ?? (exclusiveMin !== undefined ? exclusiveMin + 1 : -1_000_000), -Number.MAX_SAFE_INTEGER);
  const max = Math.min(schema.maximum ?? (exclusiveMax !== undefined ? exclusiveMax - 1 : 2_000_000_000), Number.MAX_SAFE_INTEGER);
  const whole = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return integer ? whole : fc.oneof(whole, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
}

/**
 * Values valid for a schema of the spec, from its types, enums, formats,
 * patterns, bounds and required properties. Objects get their required
 * properties and some of the others; `anyOf`/`oneOf` pick a branch.
 */
export function arbitraryFor(doc: Schema, input: unknown, depth = 0): fc.Arbitrary<unknown> {
  const schema = merged(doc, (resolveRef(doc, input) ?? {}) as Schema);
  if (depth > MAX_DEPTH) return fc.constant(null);
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) {
    const { anyOf: _a, oneOf: _o, ...own } = schema;
    return fc.oneof(...branches.map((branch: unknown) => arbitraryFor(doc, { ...own, ...(resolveRef(doc, branch) as Schema) }, depth + 1)));
  }
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.properties ? ["object"] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => arbitraryFor(doc, { ...schema, type }, depth)));
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "string":
      return stringArbitrary(schema);
    case "array":
      return fc.array(arbitraryFor(doc, schema.items ?? {}, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS)),
      });
    case "object": {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, unknown>);
      const required = new Set<string>(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of properties) record[name] = arbitraryFor(doc, property, depth + 1);
      return fc.record(record, { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
