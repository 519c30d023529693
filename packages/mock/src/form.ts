import { resolveRef } from "@iamport-contract/spec/toolkit";
import { type Fields, parseForm, setOwn } from "./body.js";

type Schema = Record<string, unknown>;

/**
 * Form bodies in PHP's bracket form (`schedules[0][merchant_uid]=…`,
 * `extra[naverUseCfm]=…`), as PortOne and its PHP and Python clients send
 * them. Prism's form deserializer reads an array of objects only as JSON
 * text, so such a body is expanded here into the object it stands for and
 * validated as JSON against the same schema. Each value is read as the
 * schema's type at its place: digits as a number, `1`/`0`/`true`/`false`
 * as a boolean; an empty field is absent, as in a flat form.
 */
export class BracketForms {
  readonly #doc: Schema;
  /** operation key → the form media type's schema, or null when the operation takes no form. */
  readonly #schemas = new Map<string, Schema | null>();

  constructor(doc: Schema) {
    this.#doc = doc;
  }

  /** Whether a form body uses bracket keys (`a[b]=…`) and so needs expanding. */
  static applies(contentType: string | undefined, body: string | undefined): body is string {
    return body !== undefined && /^application\/x-www-form-urlencoded/i.test(contentType ?? "") && /%5B|\[/i.test(body);
  }

  /** The body as an object typed by the operation's form schema; `undefined` if the operation takes no form. */
  expand(method: string, template: string, body: string): Fields | undefined {
    const schema = this.#schema(method, template);
    if (!schema) return undefined;
    return this.#coerce(parseForm(body), schema, 0) as Fields;
  }

  #schema(method: string, template: string): Schema | null {
    const key = `${method} ${template}`;
    let schema = this.#schemas.get(key);
    if (schema === undefined) {
      const paths = this.#doc.paths as Record<string, Record<string, { requestBody?: unknown }>> | undefined;
      const operation = paths?.[template]?.[method.toLowerCase()];
      const requestBody = operation ? (resolveRef(this.#doc, operation.requestBody) as { content?: Record<string, Schema> }) : undefined;
      const form = requestBody?.content?.["application/x-www-form-urlencoded"];
      schema = form?.schema ? (resolveRef(this.#doc, form.schema) as Schema) : null;
      this.#schemas.set(key, schema);
    }
    return schema;
  }

  /** Every branch a value may take at this place of the schema (through `$ref`, `anyOf`, `oneOf`, `allOf`). */
  #branches(schema: unknown, depth: number): Schema[] {
    const node = resolveRef(this.#doc, schema) as Schema | undefined;
    if (!node || typeof node !== "object" || depth > 16) return [];
    const nested = [node.anyOf, node.oneOf, node.allOf].filter(Array.isArray).flat() as unknown[];
    return [node, ...nested.flatMap((branch) => this.#branches(branch, depth + 1))];
  }

  #coerce(value: unknown, schema: unknown, depth: number): unknown {
    const branches = this.#branches(schema, depth);
    if (Array.isArray(value)) {
      const items = branches.find((b) => b.items !== undefined)?.items;
      return value.filter((item) => item !== "").map((item) => this.#coerce(item, items, depth + 1));
    }
    if (value !== null && typeof value === "object") {
      const out: Fields = {};
      for (const [name, field] of Object.entries(value as Fields)) {
        if (field === "") continue;
        const property = branches.map((b) => (b.properties as Record<string, unknown> | undefined)?.[name]).find((p) => p !== undefined);
        setOwn(out, name, this.#coerce(field, property, depth + 1));
      }
      return out;
    }
    if (typeof value !== "string") return value;
    const types = new Set(branches.flatMap((b) => (Array.isArray(b.type) ? b.type : b.type === undefined ? [] : [b.type])) as string[]);
    if (types.size === 0 || types.has("string")) return value;
    if ((types.has("number") || types.has("integer")) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    if (types.has("boolean") && /^(1|0|true|false)$/.test(value)) return value === "1" || value === "true";
    return value;
  }
}
