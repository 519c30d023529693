import { resolveRef } from "@iamport-contract/spec/toolkit";

type Schema = Record<string, unknown>;

function exists(doc: unknown, pointer: string): boolean {
  let node: unknown = doc;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !(part in node)) return false;
    node = (node as Schema)[part];
  }
  return true;
}

/** The `$ref` targets passed on the way from the root schema down an instance path (the root's own location first). */
function refBases(doc: unknown, rootPath: string, schema: unknown, instancePath: string): string[] {
  const bases = [rootPath];
  let nodes: Array<[unknown, string]> = [[schema, rootPath]];
  for (const raw of instancePath.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const next: Array<[unknown, string]> = [];
    const expand = (node: unknown, at: string, depth: number): void => {
      if (typeof node !== "object" || node === null || depth > 16) return;
      let current = node as Schema;
      let here = at;
      if (typeof current.$ref === "string") {
        here = current.$ref;
        bases.push(here);
        current = resolveRef(doc, current) as Schema;
      }
      const properties = current.properties as Schema | undefined;
      if (properties && part in properties) next.push([properties[part], `${here}/properties/${raw}`]);
      if (/^\d+$/.test(part) && current.items !== undefined) next.push([current.items, `${here}/items`]);
      for (const keyword of ["allOf", "oneOf", "anyOf"]) {
        const list = current[keyword];
        if (Array.isArray(list)) for (const [index, branch] of list.entries()) expand(branch, `${here}/${keyword}/${index}`, depth + 1);
      }
    };
    for (const [node, at] of nodes) expand(node, at, 0);
    nodes = next;
  }
  for (const [node] of nodes) if (node && typeof (node as Schema).$ref === "string") bases.push((node as Schema).$ref as string);
  return bases;
}

/**
 * Turns ajv's schema path (relative to the `$ref` target it last entered,
 * e.g. `#/properties/merchant_uid/type`) into a pointer into the whole spec
 * (`#/components/schemas/Payment/properties/merchant_uid/type`).
 */
export function absoluteSchemaPath(doc: unknown, rootPath: string, schema: unknown, instancePath: string, relative: string): string {
  if (!relative.startsWith("#/") || relative.startsWith("#/components/") || relative.startsWith("#/paths/")) return relative;
  const bases = refBases(doc, rootPath, schema, instancePath);
  for (const base of bases.reverse()) {
    const candidate = `${base}${relative.slice(1)}`;
    if (exists(doc, candidate)) return candidate;
  }
  return relative;
}
