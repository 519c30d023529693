import { createRequire } from "node:module";

/**
 * The bundled contract and the few look-ups the e2e tests need: which
 * operation a real request path belongs to, and JSON pointers to its schemas.
 * (To be replaced by `@iamport-contract/spec/toolkit` once it lands on main.)
 */
export type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);
export const SPEC_PATH = require.resolve("@iamport-contract/spec/openapi.json");
export const SPEC = require(SPEC_PATH) as Json & { paths: Record<string, Json>; components: Json };

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

export interface Operation {
  method: string;
  template: string;
  /** JSON pointer of the operation object inside SPEC. */
  pointer: string;
  pathParams: Record<string, string>;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The value a local `$ref` (or a chain of them) points at, with its pointer. */
export function resolve(pointer: string): { pointer: string; value: unknown } {
  let current = pointer;
  for (let hops = 0; hops < 16; hops++) {
    const value = current
      .slice(2)
      .split("/")
      .filter((s) => s !== "")
      .reduce<unknown>((node, raw) => (node as Json | undefined)?.[raw.replace(/~1/g, "/").replace(/~0/g, "~")], SPEC);
    if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
      current = value.$ref;
      continue;
    }
    return { pointer: current, value };
  }
  throw new Error(`$ref chain too long at ${pointer}`);
}

const ROUTES = Object.entries(SPEC.paths)
  .map(([template, item]) => {
    const segments = template.split("/").slice(1);
    const literals = segments.filter((s) => !s.startsWith("{")).length;
    return { template, item: item as Json, segments, literals };
  })
  // A literal segment wins over a parameter (/vbanks/holder before /vbanks/{imp_uid}).
  .sort((a, b) => b.literals - a.literals);

/** The spec operation serving `method path`, as an OpenAPI router matches it; `undefined` if none. */
export function findOperation(method: string, path: string): Operation | undefined {
  const segments = path.split("/").slice(1);
  for (const route of ROUTES) {
    if (route.segments.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    const matches = route.segments.every((templateSegment, i) => {
      const actual = segments[i] as string;
      if (templateSegment.startsWith("{")) {
        if (actual === "") return false;
        pathParams[templateSegment.slice(1, -1)] = decodeURIComponent(actual);
        return true;
      }
      return templateSegment === actual;
    });
    if (!matches) continue;
    const lower = method.toLowerCase();
    if (!METHODS.includes(lower as (typeof METHODS)[number]) || !(lower in route.item)) continue;
    return { method: lower, template: route.template, pointer: `#/paths/${escapePointer(route.template)}/${lower}`, pathParams };
  }
  return undefined;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schemaPointer: string;
  schema: Json;
}

/** Path-level and operation-level parameters, operation first (it overrides). */
export function parametersOf(operation: Operation): Parameter[] {
  const byKey = new Map<string, Parameter>();
  const itemPointer = operation.pointer.slice(0, operation.pointer.lastIndexOf("/"));
  for (const owner of [itemPointer, operation.pointer]) {
    const list = resolve(`${owner}/parameters`).value as unknown[] | undefined;
    for (let i = 0; i < (list?.length ?? 0); i++) {
      const { pointer, value } = resolve(`${owner}/parameters/${i}`);
      const parameter = value as { name: string; in: string; required?: boolean };
      const schema = resolve(`${pointer}/schema`);
      byKey.set(`${parameter.in}:${parameter.name}`, {
        name: parameter.name,
        in: parameter.in,
        required: parameter.required,
        schemaPointer: schema.pointer,
        schema: schema.value as Json,
      });
    }
  }
  return [...byKey.values()];
}

/** The request body's media types with the pointer of each schema; `undefined` when the operation takes no body. */
export function requestBodyOf(operation: Operation): { required: boolean; media: Map<string, string> } | undefined {
  const { pointer, value } = resolve(`${operation.pointer}/requestBody`);
  if (!value) return undefined;
  const body = value as { required?: boolean; content?: Record<string, unknown> };
  const media = new Map<string, string>();
  for (const type of Object.keys(body.content ?? {})) {
    media.set(type, resolve(`${pointer}/content/${escapePointer(type)}/schema`).pointer);
  }
  return { required: body.required === true, media };
}

export function responseSchemaOf(operation: Operation, status: string): string | undefined {
  const { pointer, value } = resolve(`${operation.pointer}/responses/${status}`);
  const content = (value as { content?: Record<string, unknown> } | undefined)?.content;
  if (!content?.["application/json"]) return undefined;
  return resolve(`${pointer}/content/${escapePointer("application/json")}/schema`).pointer;
}
