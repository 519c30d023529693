import { resolveRef } from "@iamport-contract/spec/toolkit";

/** A body field the schema does not document. */
export interface UndocumentedField {
  /** JSON pointer into the body. */
  instancePath: string;
  /** JSON pointer to the object schema that lacks the property (where a `$ref` was last followed). */
  schemaPath: string;
  name: string;
}

type Schema = Record<string, unknown>;

const MAX_DEPTH = 32;

/**
 * Finds fields of a body that its schema does not mention. The spec leaves
 * `additionalProperties` open (PortOne adds fields without notice), so the
 * validator accepts them; drift detection still wants to know. Properties
 * of `allOf`/`oneOf`/`anyOf` branches count as documented together.
 */
export function undocumentedFields(doc: unknown, schema: unknown, body: unknown): UndocumentedField[] {
  const found: UndocumentedField[] = [];
  visit(doc, schema, body, "", "#", found, 0);
  return found;
}

function pointerPart(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The schema and the branches it is composed of, `$ref`s followed, each with its schema path. */
function branches(doc: unknown, schema: unknown, path: string, out: Array<[Schema, string]> = [], depth = 0): Array<[Schema, string]> {
  if (typeof schema !== "object" || schema === null || depth > MAX_DEPTH) return out;
  let node = schema as Schema;
  let at = path;
  if (typeof node.$ref === "string") {
    at = node.$ref;
    node = resolveRef(doc, node) as Schema;
    if (typeof node !== "object" || node === null) return out;
  }
  out.push([node, at]);
  for (const keyword of ["allOf", "oneOf", "anyOf"]) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
    for (const [index, branch] of list.entries()) branches(doc, branch, `${at}/${keyword}/${index}`, out, depth + 1);
  }
  return out;
}

function visit(
  doc: unknown,
  schema: unknown,
  body: unknown,
  instancePath: string,
  schemaPath: string,
  found: UndocumentedField[],
  depth: number,
): void {
  if (depth > MAX_DEPTH || schema === undefined || schema === true) return;
  const parts = branches(doc, schema, schemaPath);
  if (Array.isArray(body)) {
    const items = parts.find(([node]) => node.items !== undefined);
    if (items) {
      body.forEach((item, index) => {
        visit(doc, items[0].items, item, `${instancePath}/${index}`, `${items[1]}/items`, found, depth + 1);
      });
    }
    return;
  }
  if (typeof body !== "object" || body === null) return;
  // An open map (additionalProperties with a schema, or patternProperties) documents any key.
  if (parts.some(([node]) => (node.additionalProperties !== undefined && node.additionalProperties !== false) || node.patternProperties))
    return;
  const objectParts = parts.filter(([node]) => typeof node.properties === "object" && node.properties !== null);
  if (objectParts.length === 0) return;
  for (const [name, value] of Object.entries(body)) {
    const owner = objectParts.find(([node]) => Object.hasOwn(node.properties as Schema, name));
    if (!owner) {
      const [, ownerPath] = objectParts[objectParts.length - 1] as [Schema, string];
      found.push({ instancePath: `${instancePath}/${pointerPart(name)}`, schemaPath: `${ownerPath}/properties`, name });
      continue;
    }
    const [node, nodePath] = owner;
    visit(
      doc,
      (node.properties as Schema)[name],
      value,
      `${instancePath}/${pointerPart(name)}`,
      `${nodePath}/properties/${pointerPart(name)}`,
      found,
      depth + 1,
    );
  }
}
