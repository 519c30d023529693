/**
 * Request bodies as plain objects for the stateful handlers. JSON is parsed
 * by the server already; form bodies (`a=1&b[0][c]=2&d[]=3`) are expanded
 * here, with PHP-style brackets as PortOne's form endpoints accept them.
 * Values stay strings: handlers read them through `num()`/`bool()`.
 */
export type Fields = Record<string, unknown>;

const MAX_DEPTH = 8;
const MAX_INDEX = 1000;

export function parseForm(text: string): Fields {
  const root: Fields = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = splitKey(rawKey);
    if (!path) {
      setOwn(root, rawKey, value);
      continue;
    }
    assign(root, path, value);
  }
  return arrayify(root) as Fields;
}

/** `a[b][0][]` → `["a", "b", "0", ""]`; `undefined` for a plain key or a malformed/too deep one. */
function splitKey(key: string): string[] | undefined {
  const open = key.indexOf("[");
  if (open <= 0 || !key.endsWith("]")) return undefined;
  const path = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^[\]]*)\]/g;
  let consumed = 0;
  for (let match = re.exec(rest); match; match = re.exec(rest)) {
    if (match.index !== consumed) return undefined;
    consumed += match[0].length;
    path.push(match[1] as string);
  }
  if (consumed !== rest.length || path.length > MAX_DEPTH) return undefined;
  return path;
}

/**
 * Sets an own property, even one named `__proto__`: a plain assignment of
 * that name would change the object's prototype instead, and a form field
 * or query name is the client's to choose.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function assign(target: Fields, path: string[], value: string): void {
  let node: Fields = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const next = key === "" ? String(Object.keys(node).length) : key;
    // Only the node's own fields: an inherited `__proto__` or `constructor` is not a field of the form.
    const existing = Object.hasOwn(node, next) ? node[next] : undefined;
    if (existing === undefined || typeof existing !== "object" || existing === null) {
      const child: Fields = {};
      setOwn(node, next, child);
      node = child;
    } else {
      node = existing as Fields;
    }
  }
  const last = path[path.length - 1] as string;
  setOwn(node, last === "" ? String(Object.keys(node).length) : last, value);
}

/** Objects whose keys are exactly 0..n-1 become arrays. */
function arrayify(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Fields).map(([k, v]) => [k, arrayify(v)] as const);
  const isArray = entries.length > 0 && entries.length <= MAX_INDEX && entries.every(([k], i) => k === String(i) || Number(k) === i);
  if (isArray) return entries.map(([, v]) => v);
  return Object.fromEntries(entries);
}

export function str(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}

/** A list from `x`, `x[]` or an array value, as query strings and forms send lists. */
export function list(source: Record<string, unknown>, name: string): string[] {
  const raw = source[`${name}[]`] ?? source[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.map(str).filter((v): v is string => v !== undefined);
}
