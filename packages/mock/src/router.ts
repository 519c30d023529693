/**
 * Matches a request's method and path to one of the spec's path templates,
 * choosing exactly as Prism's router does (`@stoplight/prism-http`'s
 * `router/index.js`), so that the mock routes each request once and still
 * answers what Prism's full engine answers: the same operation, and the same
 * 404 and 405 for a path or method the spec does not have.
 */
export interface RouteDefinition {
  method: string;
  /** Path template as written in the spec, e.g. `/payments/{imp_uid}`. */
  template: string;
  /** Whether the operation requires the access token. */
  secured: boolean;
}

export interface RouteMatch extends RouteDefinition {
  /** `METHOD template`, e.g. `GET /payments/{imp_uid}`. */
  key: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /**
   * The key of the operation this route is an alias of: a trailing-slash
   * alias (`POST /payments/prepare/`, which the spec build adds for
   * `x-trailing-slash-aliases`) answers as `POST /payments/prepare` does.
   * Equal to `key` for every other route.
   */
  canonical: string;
}

/** No operation for a request, as Prism words it. */
export interface RouteMiss {
  status: 404 | 405;
  detail: string;
}

interface CompiledRoute extends RouteDefinition {
  key: string;
  canonical: string;
  /** Position in the spec's operations: Prism breaks ties by it. */
  index: number;
  /** `template.split("/")`, for Prism's match score. */
  parts: string[];
  segments: Array<{ literal: string } | { param: string }>;
  concrete: boolean;
}

export class Router {
  /** Routes by segment count: a path only ever matches templates with as many segments. */
  readonly #bySegments = new Map<number, CompiledRoute[]>();

  constructor(routes: RouteDefinition[]) {
    const keys = new Set(routes.map((route) => `${route.method.toUpperCase()} ${route.template}`));
    routes.forEach((route, index) => {
      const segments = pathSegments(route.template).map((part) => {
        const match = /^\{(.+)\}$/.exec(part);
        return match ? { param: match[1] as string } : { literal: part };
      });
      const method = route.method.toUpperCase();
      const compiled: CompiledRoute = {
        ...route,
        method,
        key: `${method} ${route.template}`,
        canonical: canonicalKey(method, route.template, keys),
        index,
        parts: route.template.split("/"),
        segments,
        concrete: segments.every((s) => "literal" in s),
      };
      const list = this.#bySegments.get(segments.length) ?? [];
      list.push(compiled);
      this.#bySegments.set(segments.length, list);
    });
  }

  /** The methods some route serves at this path, for a 405's `Allow` header. */
  allowedMethods(pathname: string): string[] {
    const fragments = decodedSegments(pathname);
    const methods = new Set<string>();
    for (const route of this.#bySegments.get(fragments.length) ?? []) {
      if (matchSegments(route, fragments)) methods.add(route.method);
    }
    return [...methods].sort();
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const found = this.resolve(method, pathname);
    return "key" in found ? found : undefined;
  }

  /**
   * The operation Prism's router picks for this request, or Prism's 404 or
   * 405. Prism compares percent-decoded segments; among several matches of
   * the method it takes the template without parameters, else the one with
   * the best match score on the path as sent (a literal counts 1, a
   * parameter ½, up to the first difference), and among equal scores the one
   * declared last (its sort is stable and then reversed).
   */
  resolve(method: string, pathname: string): RouteMatch | RouteMiss {
    const fragments = decodedSegments(pathname);
    const upper = method.toUpperCase();
    let pathMatched = false;
    let best: CompiledRoute | undefined;
    let bestParams: Record<string, string> | undefined;
    let bestScore = -1;
    for (const route of this.#bySegments.get(fragments.length) ?? []) {
      const params = matchSegments(route, fragments);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== upper) continue;
      if (route.concrete) {
        best = route;
        bestParams = params;
        break;
      }
      const score = matchScore(route.parts, pathname);
      if (score > bestScore || (score === bestScore && best !== undefined && route.index > best.index)) {
        best = route;
        bestParams = params;
        bestScore = score;
      }
    }
    if (best && bestParams) {
      const { template, secured, key, canonical } = best;
      return { method: best.method, template, secured, key, canonical, params: bestParams };
    }
    if (!pathMatched) return { status: 404, detail: `The route ${pathname} hasn't been found in the specification file` };
    return {
      status: 405,
      detail: `The route ${pathname} has been matched, but it does not have "${method.toLowerCase()}" method defined`,
    };
  }
}

/**
 * A path's segments as Prism's router splits it: every `/` counts, so
 * `/payments/prepare/` has an empty last segment and is not `/payments/prepare`
 * (the spec serves both, as two operations).
 */
function pathSegments(path: string): string[] {
  return path.split("/").slice(1);
}

/** Segments percent-decoded one by one, as Prism compares them; one it cannot decode stays as sent. */
function decodedSegments(path: string): string[] {
  const parts = pathSegments(path);
  if (!path.includes("%")) return parts;
  return parts.map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
}

/** Prism's `calculateMatchScore`, on the path as sent (not decoded). */
function matchScore(templateParts: string[], pathname: string): number {
  const requestParts = pathname.split("/");
  let score = 0;
  for (let i = 0; i < templateParts.length; i++) {
    const part = templateParts[i] as string;
    if (part === requestParts[i]) score++;
    else if (/{(.+)}/.test(part)) score += 0.5;
    else break;
  }
  return score;
}

/** `POST /payments/prepare` for the alias `POST /payments/prepare/` when the spec has both; else the route's own key. */
function canonicalKey(method: string, template: string, keys: ReadonlySet<string>): string {
  const trimmed = `${method} ${template.replace(/\/+$/, "")}`;
  return template.length > 1 && template.endsWith("/") && keys.has(trimmed) ? trimmed : `${method} ${template}`;
}

function matchSegments(route: CompiledRoute, fragments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < fragments.length; i++) {
    const segment = route.segments[i];
    const fragment = fragments[i] as string;
    if (!segment) return undefined;
    if ("literal" in segment) {
      if (segment.literal !== fragment) return undefined;
    } else {
      params[segment.param] = fragment;
    }
  }
  return params;
}
