import { examplesOf, firstExample, loadBundle, resolveRef } from "@iamport-contract/spec/toolkit";

/** The bundled spec, as `@iamport-contract/spec` ships it. Walking, `$ref`s and examples are the spec toolkit's. */
// biome-ignore lint/suspicious/noExplicitAny: a JSON document walked generically
type Json = any;
export const spec: Json = loadBundle();

/** A valid value for a schema: its example, default or first enum value, else one built from its type. */
export function sample(rawSchema: Json): unknown {
  const schema = resolveRef(spec, rawSchema ?? {});
  if ("example" in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("const" in schema) return schema.const;
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum.find((v: unknown) => v !== null);
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const options: Json[] | undefined = schema[key];
    const first = options?.map((option) => resolveRef(spec, option)).find((s) => s.type !== "null");
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
  return firstExample(spec, parameter)?.value ?? sample(parameter.schema);
}

export { examplesOf };
