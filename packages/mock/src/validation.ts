import { resolveRef } from "@iamport-contract/spec/toolkit";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS with `exports.default`; NodeNext sees the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

interface OpenApiDocument {
  paths?: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  webhooks?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  components?: Record<string, unknown>;
}

export type ResponseCheck = { ok: true } | { ok: false; reason: string };

/** One way a body breaks its schema, located both in the body and in the spec. */
export interface SchemaIssue {
  /** ajv's keyword, e.g. `type`, `required`, `enum`. */
  keyword: string;
  /** JSON pointer into the body, e.g. `/response/buyer_name`. */
  instancePath: string;
  /** JSON pointer into the spec, e.g. `#/components/schemas/Payment/properties/buyer_name/type`. */
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

const SPEC_ID = "urn:iamport-contract:spec";

/**
 * Validates responses (and webhook bodies) against the JSON schemas of an
 * OpenAPI 3.1 document, with ajv's 2020-12 dialect (the one OAS 3.1 uses).
 * Validators are compiled once per operation and status, then cached.
 */
export class SpecValidator {
  readonly #ajv: Ajv2020;
  readonly #doc: OpenApiDocument;
  readonly #cache = new Map<string, ValidateFunction | null>();
  readonly #bySchema = new WeakMap<object, ValidateFunction>();

  constructor(doc: OpenApiDocument) {
    this.#doc = doc;
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateFormats: true });
    addFormats(this.#ajv);
    this.#ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.#ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.#ajv.addSchema({ $id: SPEC_ID, components: rewriteRefs(doc.components ?? {}) });
  }

  /** The documented JSON schema of `method template` answering `status`, or why there is none. */
  #responseValidator(method: string, template: string, status: number): ValidateFunction | null | string {
    const key = `${method} ${template} ${status}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const operation = this.#doc.paths?.[template]?.[method.toLowerCase()];
    if (!operation) return `no operation ${method} ${template} in the spec`;
    const response = this.#documentedResponse(method, template, status);
    if (!response) return `status ${status} is not documented for ${method} ${template}`;
    const schema = response.content?.["application/json"]?.schema;
    const validate = schema === undefined ? null : this.#ajv.compile(rewriteRefs(schema) as object);
    this.#cache.set(key, validate);
    return validate;
  }

  /** Checks a response: its status must be documented, and its body must match the documented schema (or be empty if none is). */
  checkResponse(method: string, template: string, status: number, body: unknown): ResponseCheck {
    const validate = this.#responseValidator(method, template, status);
    if (typeof validate === "string") return { ok: false, reason: validate };
    if (validate === null) {
      return body === undefined ? { ok: true } : { ok: false, reason: `${method} ${template} ${status} documents no body` };
    }
    if (validate(body)) return { ok: true };
    return { ok: false, reason: this.#ajv.errorsText(validate.errors, { separator: "; " }) };
  }

  /**
   * Every way a response body breaks the documented schema, with schema
   * paths (the drift proxy reports these), or why the status has no schema.
   * An empty list means the body matches.
   */
  responseIssues(method: string, template: string, status: number, body: unknown): SchemaIssue[] | string {
    const validate = this.#responseValidator(method, template, status);
    if (typeof validate === "string") return validate;
    if (validate === null) return body === undefined ? [] : `${method} ${template} ${status} documents no body`;
    if (validate(body)) return [];
    return toIssues(validate.errors);
  }

  /**
   * Every way `body` breaks one schema of the spec (e.g. one branch of a
   * response's `oneOf`, which the drift proxy judges separately so that it
   * can report the branch the body was meant to be). Compiled once per schema.
   */
  schemaIssues(schema: object, body: unknown): SchemaIssue[] {
    let validate = this.#bySchema.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(rewriteRefs(schema) as object);
      this.#bySchema.set(schema, validate);
    }
    return validate(body) ? [] : toIssues(validate.errors);
  }

  /** The documented JSON schema (unresolved `$ref`s as in the spec) of `method template` answering `status`. */
  responseSchema(method: string, template: string, status: number): unknown {
    return this.#documentedResponse(method, template, status)?.content?.["application/json"]?.schema;
  }

  /** The response `method template` documents for `status` (exact, then `4XX`-style, then `default`), resolved. */
  #documentedResponse(method: string, template: string, status: number) {
    const responses = this.#doc.paths?.[template]?.[method.toLowerCase()]?.responses ?? {};
    const documented = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    return documented === undefined ? undefined : resolveRef(this.#doc, documented);
  }

  /** Checks a JSON request body against the operation's `application/json` request schema (used by tests to keep fuzzed bodies invalid). */
  checkRequestBody(method: string, template: string, body: unknown): ResponseCheck {
    const key = `request ${method} ${template}`;
    let validate = this.#cache.get(key);
    if (validate === undefined) {
      const operation = this.#doc.paths?.[template]?.[method.toLowerCase()] as { requestBody?: unknown } | undefined;
      const requestBody = (operation?.requestBody === undefined ? undefined : resolveRef(this.#doc, operation.requestBody)) as
        | { content?: Record<string, { schema?: unknown }> }
        | undefined;
      const schema = requestBody?.content?.["application/json"]?.schema;
      validate = schema === undefined ? null : this.#ajv.compile(rewriteRefs(schema) as object);
      this.#cache.set(key, validate);
    }
    if (validate === null) return { ok: false, reason: `${method} ${template} takes no JSON body` };
    if (validate(body)) return { ok: true };
    return { ok: false, reason: this.#ajv.errorsText(validate.errors, { separator: "; " }) };
  }

  /** Checks a webhook body against the spec's `webhooks:` section, if the spec has one. */
  checkWebhook(body: unknown): ResponseCheck {
    const webhooks = Object.entries(this.#doc.webhooks ?? {});
    if (webhooks.length === 0) return { ok: false, reason: "the spec has no webhooks section" };
    const reasons: string[] = [];
    for (const [name, item] of webhooks) {
      const schema = item.post?.requestBody?.content?.["application/json"]?.schema;
      if (schema === undefined) continue;
      const key = `webhook ${name}`;
      let validate = this.#cache.get(key);
      if (!validate) {
        validate = this.#ajv.compile(rewriteRefs(schema) as object);
        this.#cache.set(key, validate);
      }
      if (validate(body)) return { ok: true };
      reasons.push(`${name}: ${this.#ajv.errorsText(validate.errors, { separator: "; " })}`);
    }
    return { ok: false, reason: reasons.join(" | ") || "no webhook documents a JSON body" };
  }

  hasWebhooks(): boolean {
    return Object.keys(this.#doc.webhooks ?? {}).length > 0;
  }
}

function toIssues(errors: ErrorObject[] | null | undefined): SchemaIssue[] {
  return (errors ?? []).map((error) => ({
    keyword: error.keyword,
    instancePath: error.instancePath,
    schemaPath: error.schemaPath.startsWith(SPEC_ID) ? error.schemaPath.slice(SPEC_ID.length) : error.schemaPath,
    params: error.params as Record<string, unknown>,
    message: error.message ?? error.keyword,
  }));
}

/** Points local `#/components/...` references at the registered spec document. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${SPEC_ID}${v}` : rewriteRefs(v);
  }
  return out;
}
