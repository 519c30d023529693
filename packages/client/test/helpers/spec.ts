import { readFileSync } from "node:fs";

/** The bundled spec, read the way a consumer of `@iamport-contract/spec` would. */
// biome-ignore lint/suspicious/noExplicitAny: a JSON document walked generically
type Json = any;

export const spec: Json = JSON.parse(readFileSync(new URL("../../../../spec/dist/openapi.json", import.meta.url), "utf8"));

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

/** Follows local `$ref`s (`#/components/...`) until a real object is reached. */
export function resolve(node: Json): Json {
  let current = node;
  for (let depth = 0; current && typeof current === "object" && typeof current.$ref === "string"; depth++) {
    if (depth > 20 || !current.$ref.startsWith("#/")) throw new Error(`Cannot resolve ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split("/")
      .reduce((parent: Json, key: string) => parent?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}

export interface SpecOperation {
  method: (typeof METHODS)[number];
  path: string;
  operationId: string;
  operation: Json;
  parameters: Json[];
  /** True when the path item (or the operation) is served by `api.iamport.co`. */
  supplements: boolean;
}

export function operations(): SpecOperation[] {
  const found: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries<Json>(spec.paths)) {
    const item = resolve(rawItem);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const servers: Json[] = operation.servers ?? item.servers ?? [];
      found.push({
        method,
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        operation,
        parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve),
        supplements: servers.some((s) => String(s.url).includes("iamport.co")) || path.startsWith("/api/supplements/"),
      });
    }
  }
  return found;
}

/** A valid value for a schema: its example, default or first enum value, else one built from its type. */
export function sample(rawSchema: Json): unknown {
  const schema = resolve(rawSchema ?? {});
  if ("example" in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("const" in schema) return schema.const;
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum.find((v: unknown) => v !== null);
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const options: Json[] | undefined = schema[key];
    const first = options?.map(resolve).find((s) => s.type !== "null");
    if (first) return sample(first);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      return [sample(schema.items)];
    case "object":
      return Object.fromEntries((schema.required ?? []).map((name: string) => [name, sample(schema.properties?.[name])]));
    default:
      return "x";
  }
}

/** A value for a parameter: the parameter's own example(s), else one from its schema. */
export function sampleParameter(parameter: Json): unknown {
  if ("example" in parameter) return parameter.example;
  const named = Object.values<Json>(parameter.examples ?? {})[0];
  if (named) return resolve(named).value;
  return sample(parameter.schema);
}

/** Named examples of a media type (`example` counts as one named "example"). */
export function examplesOf(media: Json): Array<[string, unknown]> {
  if (!media) return [];
  if ("example" in media) return [["example", media.example]];
  return Object.entries<Json>(media.examples ?? {}).map(([name, example]) => [name, resolve(example).value]);
}
