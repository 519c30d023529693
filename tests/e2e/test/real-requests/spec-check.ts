import { parse as parseForm } from "qs";
import { findOperation, type Operation, parametersOf, requestBodyOf, SPEC } from "../support/spec.js";
import { SchemaChecker } from "../support/validator.js";
import type { Sample } from "./samples.js";

const typed = new SchemaChecker(false);
const textual = new SchemaChecker(true);

/**
 * Why the spec refuses this sample's request (empty: it accepts it). Checks
 * what an OpenAPI 3.1 validator checks: a matching operation, every
 * parameter, the Content-Type and the body against its media type's schema.
 */
export function specProblems(sample: Sample): string[] {
  const operation = findOperation(sample.method, sample.path);
  if (!operation) return [`no operation ${sample.method} ${sample.path} in the spec`];
  const problems: string[] = [];

  for (const parameter of parametersOf(operation)) {
    let value: unknown;
    if (parameter.in === "path") value = operation.pathParams[parameter.name];
    else if (parameter.in === "query") value = sample.query?.[parameter.name];
    else continue; // headers and cookies: the samples carry only Authorization, which security covers
    if (value === undefined) {
      if (parameter.required) problems.push(`${parameter.in}.${parameter.name} is required`);
      continue;
    }
    const problem = textual.check(parameter.schema, value, `${parameter.in}.${parameter.name}`);
    if (problem) problems.push(problem);
  }

  const tokenHeader = sample.auth === "x-imp-token-header" ? "x-imptokenheader" : "authorization";
  if (!acceptsTokenIn(operation, tokenHeader)) problems.push(`no security scheme of the operation reads the token from ${tokenHeader}`);

  const body = requestBodyOf(operation);
  if (sample.body === undefined) {
    if (body?.required) problems.push("body is required");
    return problems;
  }
  if (!body) return problems; // a body the operation does not read: servers ignore it
  if (!sample.contentType) {
    problems.push(`no Content-Type header; the spec offers ${[...body.media.keys()].join(", ")}`);
    return problems;
  }
  const mediaType = sample.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const schema = body.media.get(mediaType);
  if (!schema) {
    problems.push(`Content-Type ${mediaType} not offered; the spec offers ${[...body.media.keys()].join(", ")}`);
    return problems;
  }
  const problem =
    mediaType === "application/x-www-form-urlencoded"
      ? textual.check(schema, parseForm(String(sample.body), { depth: 8, arrayLimit: 1000 }), "body")
      : typed.check(schema, sample.body, "body");
  if (problem) problems.push(problem);
  return problems;
}

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
}

/** Whether the operation takes no token, or one of its security schemes reads it from `header` (lower case). */
function acceptsTokenIn(operation: Operation, header: string): boolean {
  const requirements = (operation.spec.operation.security ?? SPEC.security ?? []) as Array<Record<string, unknown>>;
  if (requirements.length === 0 || requirements.some((requirement) => Object.keys(requirement).length === 0)) return true;
  const schemes = ((SPEC.components as { securitySchemes?: Record<string, SecurityScheme> } | undefined)?.securitySchemes ?? {}) as Record<
    string,
    SecurityScheme
  >;
  return requirements.some((requirement) =>
    Object.keys(requirement).every((name) => {
      const scheme = schemes[name];
      if (scheme?.type === "http") return header === "authorization";
      return scheme?.type === "apiKey" && scheme.in === "header" && scheme.name?.toLowerCase() === header;
    }),
  );
}
