import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { Violation } from "./envelope.js";

interface QueryParameterSpec {
  name: string;
  schema?: unknown;
}

interface OperationSpec {
  method: string;
  path: string;
  request?: { query?: QueryParameterSpec[] };
}

/**
 * Checks empty query values (`?pg_api_key=`) against their parameter's
 * schema. Prism's validator reads an empty value as an absent one, so
 * `minLength`, `enum` and `required` never applied to it; PortOne receives
 * the empty string, and so does this check. It costs nothing unless a value
 * is empty: schemas are compiled on first use.
 */
export class EmptyQueryValues {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateFormats: false });
  readonly #schemas = new Map<string, Map<string, unknown>>();
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(operations: readonly OperationSpec[]) {
    for (const op of operations) {
      const byName = new Map<string, unknown>();
      for (const parameter of op.request?.query ?? []) if (parameter.schema) byName.set(parameter.name, parameter.schema);
      if (byName.size > 0) this.#schemas.set(`${op.method.toUpperCase()} ${op.path}`, byName);
    }
  }

  /** Violations of the empty values in `query` for the operation `METHOD /template`. */
  violations(routeKey: string, query: Record<string, string | string[]>): Violation[] {
    const schemas = this.#schemas.get(routeKey);
    if (!schemas) return [];
    const found: Violation[] = [];
    for (const [name, value] of Object.entries(query)) {
      const values = Array.isArray(value) ? value : [value];
      if (!values.includes("")) continue;
      const schema = schemas.get(name);
      if (!schema) continue;
      const validate = this.#validator(`${routeKey} ${name}`, schema);
      const candidate = (schema as { type?: unknown }).type === "array" ? values : "";
      if (!validate(candidate)) {
        const reason = (validate.errors ?? []).map((e) => e.message).join("; ");
        found.push({ location: `query.${name}`, message: `Request query parameter ${name} is empty: ${reason}` });
      }
    }
    return found;
  }

  #validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.#compiled.get(key);
    if (!validate) {
      // Prism tags each parameter schema with a draft-07 `$schema`; the keywords that matter here mean the same in 2020-12.
      const { $schema: _dialect, ...body } = schema as Record<string, unknown>;
      try {
        validate = this.#ajv.compile(body);
      } catch {
        // A schema ajv cannot compile is left to Prism alone rather than failing the request.
        validate = Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;
      }
      this.#compiled.set(key, validate);
    }
    return validate;
  }
}
