import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { type Json, SPEC } from "./spec.js";

// ajv-formats is CommonJS with `exports.default`; NodeNext sees the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

/**
 * JSON Schema 2020-12 validation (OAS 3.1's dialect) of values against
 * schemas of the bundled spec (the whole bundle is registered, so their
 * local `$ref`s resolve as written). `typed` checks a
 * JSON value as sent; `textual` checks values that travel as text (query and
 * path parameters, form fields) after coercing them by the schema, as an
 * OpenAPI server does.
 */
export class SchemaChecker {
  readonly #cache = new WeakMap<object, ValidateFunction>();
  readonly #ajv: Ajv2020;

  constructor(coerce: boolean) {
    this.#ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      logger: false,
      validateSchema: false,
      ...(coerce ? { coerceTypes: "array" as const } : {}),
    });
    addFormats(this.#ajv);
    // The spec's own integer formats (OAS registry), as the mock declares them.
    this.#ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.#ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.#ajv.addSchema(SPEC as object, "spec");
  }

  /** `undefined` when `value` is valid, else ajv's message (paths prefixed by `where`). */
  check(schema: Json, value: unknown, where: string): string | undefined {
    const errors = this.errors(schema, value);
    return errors.length === 0 ? undefined : this.#ajv.errorsText(errors, { dataVar: where, separator: "; " });
  }

  /** Every violation, as ajv reports them (empty when `value` is valid). */
  errors(schema: Json, value: unknown): ErrorObject[] {
    let validate = this.#cache.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(inBundle(schema) as object);
      this.#cache.set(schema, validate);
    }
    // Coercion rewrites its input in place; never touch the caller's value.
    return validate(structuredClone(value)) ? [] : [...(validate.errors ?? [])];
  }
}

/** A copy of `schema` whose local `$ref`s (`#/components/...`) point into the registered bundle. */
function inBundle(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(inBundle);
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#") ? `spec${value}` : inBundle(value),
    ]),
  );
}
