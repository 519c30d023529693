// Derives the canonical bundle from the wire bundle: every schema branch
// marked `x-lenient: true` (a form PortOne accepts but callers should not
// send) is removed, so generated types show only the canonical form. See
// extensions.md, "x-lenient".

/** Removes the lenient members of one `anyOf`/`oneOf` and folds a sole survivor into its holder. */
function withoutLenientBranches(node) {
  let result = node;
  for (const key of ["anyOf", "oneOf"]) {
    const branches = result[key];
    if (!Array.isArray(branches) || !branches.some((branch) => branch?.["x-lenient"] === true)) continue;
    const kept = branches.filter((branch) => branch?.["x-lenient"] !== true);
    if (kept.length === 0) throw new Error(`Every branch of a ${key} is marked x-lenient; one canonical branch must stay`);
    const { [key]: _removed, ...holder } = result;
    // The holder's own keys (description, writeOnly, x-sensitive, …) win over the branch's.
    result = kept.length === 1 ? { ...kept[0], ...holder } : { ...holder, [key]: kept };
  }
  return result;
}

/**
 * A copy of the bundle `doc` with no `x-lenient` branch left, no `x-lenient`
 * path (alias) and no `x-lenient` request body (a body PortOne ignores on an
 * operation that takes none) either.
 */
export function canonicalize(doc) {
  const paths = Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([, item]) => item?.["x-lenient"] !== true));
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    const pruned = withoutLenientBranches(node);
    return Object.fromEntries(
      Object.entries(pruned)
        .filter(([key, value]) => !(key === "requestBody" && value?.["x-lenient"] === true))
        .map(([key, value]) => [key, walk(value)]),
    );
  };
  return walk({ ...doc, paths });
}

/** JSON pointers of every node still marked `x-lenient` (empty for a canonical bundle). */
export function lenientPointers(doc) {
  const found = [];
  const walk = (node, at) => {
    if (!node || typeof node !== "object") return;
    if (!Array.isArray(node) && node["x-lenient"] === true) found.push(at);
    for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`);
  };
  walk(doc, "#");
  return found;
}
