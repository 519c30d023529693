import { listOperations, loadBundle, resolveRef, type SpecOperation } from "@iamport-contract/spec/toolkit";

/**
 * The bundled contract seen from a real request: which operation a method
 * and concrete path belong to, and the schemas that judge its parameters,
 * body and answer. Walking and `$ref` resolution are the spec toolkit's.
 */
export type Json = Record<string, unknown>;

export const SPEC = loadBundle() as Json & { paths: Record<string, Json> };

export interface Operation {
  spec: SpecOperation;
  pathParams: Record<string, string>;
}

const ROUTES = listOperations(SPEC)
  .map((operation) => {
    const segments = operation.path.split("/").slice(1);
    return { operation, segments, literals: segments.filter((s) => !s.startsWith("{")).length };
  })
  // A literal segment wins over a parameter (/vbanks/holder before /vbanks/{imp_uid}), as OpenAPI routers match.
  .sort((a, b) => b.literals - a.literals);

/** The spec operation serving `method path`; `undefined` if none. */
export function findOperation(method: string, path: string): Operation | undefined {
  const lower = method.toLowerCase();
  const segments = path.split("/").slice(1);
  for (const route of ROUTES) {
    if (route.operation.method !== lower || route.segments.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    const matches = route.segments.every((templateSegment, i) => {
      const actual = segments[i] as string;
      if (!templateSegment.startsWith("{")) return templateSegment === actual;
      pathParams[templateSegment.slice(1, -1)] = decodeURIComponent(actual);
      return actual !== "";
    });
    if (matches) return { spec: route.operation, pathParams };
  }
  return undefined;
}

/** The operation declared at `method template` (a spec path such as `/payments/{imp_uid}`). */
export function findOperationByTemplate(method: string, template: string): Operation | undefined {
  const found = ROUTES.find((route) => route.operation.method === method.toLowerCase() && route.operation.path === template);
  return found ? { spec: found.operation, pathParams: {} } : undefined;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Json;
}

/** Path-level and operation-level parameters (the toolkit merges them). */
export function parametersOf(operation: Operation): Parameter[] {
  return (operation.spec.parameters as Array<Parameter & { schema: unknown }>).map((parameter) => ({
    ...parameter,
    schema: resolveRef(SPEC, parameter.schema) as Json,
  }));
}

/** The request body's media types and their schemas; `undefined` when the operation takes no body. */
export function requestBodyOf(operation: Operation): { required: boolean; media: Map<string, Json> } | undefined {
  const body = resolveRef(SPEC, operation.spec.operation.requestBody) as
    | { required?: boolean; content?: Record<string, { schema?: unknown }> }
    | undefined;
  if (!body) return undefined;
  const media = new Map<string, Json>();
  for (const [type, content] of Object.entries(body.content ?? {})) media.set(type, resolveRef(SPEC, content.schema) as Json);
  return { required: body.required === true, media };
}

/** The JSON schema of the operation's answer with `status`, if the spec gives one. */
export function responseSchemaOf(operation: Operation, status: string): Json | undefined {
  const response = resolveRef(SPEC, operation.spec.operation.responses?.[status]) as
    | { content?: Record<string, { schema?: unknown }> }
    | undefined;
  const schema = response?.content?.["application/json"]?.schema;
  return schema === undefined ? undefined : (resolveRef(SPEC, schema) as Json);
}
