/**
 * Matches a request's method and path to one of the spec's path templates,
 * so that the stateful mode knows which operation it is answering. Literal
 * segments beat parameters (`/payments/prepare` before `/payments/{imp_uid}`),
 * as in OpenAPI's own matching rule.
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
  params: Record<string, string>;
  /**
   * The key of the operation this route is an alias of: a trailing-slash
   * alias (`POST /payments/prepare/`, which the spec build adds for
   * `x-trailing-slash-aliases`) answers as `POST /payments/prepare` does.
   * Equal to `key` for every other route.
   */
  canonical: string;
  /**
   * Another route with as many literal segments matches too (e.g.
   * `/payments/find/balance`: `/payments/find/{merchant_uid}` and
   * `/payments/{imp_uid}/balance`). This router then prefers the earlier
   * literal; Prism breaks such ties its own way, so a caller that must agree
   * with Prism's router asks Prism instead.
   */
  ambiguous: boolean;
}

interface CompiledRoute extends RouteDefinition {
  key: string;
  canonical: string;
  segments: Array<{ literal: string } | { param: string }>;
  literalCount: number;
}

export class Router {
  readonly #byLength = new Map<string, CompiledRoute[]>();

  constructor(routes: RouteDefinition[]) {
    const keys = new Set(routes.map((route) => `${route.method.toUpperCase()} ${route.template}`));
    for (const route of routes) {
      const parts = pathSegments(route.template);
      const segments = parts.map((part) => {
        const match = /^\{(.+)\}$/.exec(part);
        return match ? { param: match[1] as string } : { literal: part };
      });
      const compiled: CompiledRoute = {
        ...route,
        method: route.method.toUpperCase(),
        key: `${route.method.toUpperCase()} ${route.template}`,
        canonical: canonicalKey(route.method.toUpperCase(), route.template, keys),
        segments,
        literalCount: segments.filter((s) => "literal" in s).length,
      };
      const bucket = `${compiled.method} ${segments.length}`;
      const list = this.#byLength.get(bucket) ?? [];
      list.push(compiled);
      // Most literal segments first; among equals, the earlier literal wins.
      list.sort((a, b) => b.literalCount - a.literalCount || literalMask(b) - literalMask(a));
      this.#byLength.set(bucket, list);
    }
  }

  /** The methods some route serves at this path, for a 405's `Allow` header. */
  allowedMethods(pathname: string): string[] {
    const methods = new Set<string>();
    for (const [bucket] of this.#byLength) {
      const method = bucket.split(" ")[0] as string;
      if (!methods.has(method) && this.match(method, pathname)) methods.add(method);
    }
    return [...methods].sort();
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const parts = pathSegments(pathname);
    const candidates = this.#byLength.get(`${method.toUpperCase()} ${parts.length}`);
    if (!candidates) return undefined;
    for (let index = 0; index < candidates.length; index++) {
      const route = candidates[index] as CompiledRoute;
      const params = matchSegments(route, parts);
      if (!params) continue;
      let ambiguous = false;
      for (let next = index + 1; next < candidates.length; next++) {
        const other = candidates[next] as CompiledRoute;
        if (other.literalCount !== route.literalCount) break;
        if (matchSegments(other, parts)) {
          ambiguous = true;
          break;
        }
      }
      const { method, template, secured, key, canonical } = route;
      return { method, template, secured, key, canonical, params, ambiguous };
    }
    return undefined;
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

/** `POST /payments/prepare` for the alias `POST /payments/prepare/` when the spec has both; else the route's own key. */
function canonicalKey(method: string, template: string, keys: ReadonlySet<string>): string {
  const trimmed = `${method} ${template.replace(/\/+$/, "")}`;
  return template.length > 1 && template.endsWith("/") && keys.has(trimmed) ? trimmed : `${method} ${template}`;
}

function matchSegments(route: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = route.segments[i];
    const part = parts[i] as string;
    if (!segment) return undefined;
    if ("literal" in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      try {
        params[segment.param] = decodeURIComponent(part);
      } catch {
        params[segment.param] = part;
      }
    }
  }
  return params;
}

function literalMask(route: CompiledRoute): number {
  let mask = 0;
  for (const segment of route.segments) mask = mask * 2 + ("literal" in segment ? 1 : 0);
  return mask;
}
