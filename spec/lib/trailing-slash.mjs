// Adds the trailing-slash aliases the spec declares at its root
// (`x-trailing-slash-aliases`) to a bundle: PortOne serves these paths with
// and without one trailing slash, and public clients call both. Each alias is
// a copy of the path item, deprecated and marked `x-lenient`, so validators
// and the mock accept the call while the canonical bundle (and the client's
// types) keep only the canonical path. See extensions.md.

const METHODS = ["get", "put", "post", "delete", "patch"];

/** A copy of the bundle `doc` with every declared alias path added. */
export function withTrailingSlashAliases(doc) {
  const aliases = doc["x-trailing-slash-aliases"] ?? [];
  const paths = { ...doc.paths };
  for (const path of aliases) {
    const item = paths[path];
    if (!item) throw new Error(`x-trailing-slash-aliases names ${path}, which is not a path of the spec`);
    if (paths[`${path}/`]) throw new Error(`${path}/ is already a path of the spec`);
    const alias = { ...structuredClone(item), "x-lenient": true };
    for (const method of METHODS) {
      const operation = alias[method];
      if (!operation) continue;
      alias[method] = {
        ...operation,
        operationId: `${operation.operationId}TrailingSlash`,
        deprecated: true,
        description: `The same operation as \`${method.toUpperCase()} ${path}\`, called with a trailing slash as some public clients do. PortOne serves both; send the path without the slash.`,
      };
    }
    paths[`${path}/`] = alias;
  }
  return { ...doc, paths };
}
