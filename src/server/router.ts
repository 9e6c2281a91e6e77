import type { Route } from './route.js';

/** Where a request goes: a route, or why there is none. */
export type RouteLookup =
  | { kind: 'found'; route: Route }
  | { kind: 'not_found' }
  | { kind: 'method_not_allowed'; allow: string };

/** An exact-path route table: one Map lookup per request, no patterns, no framework. */
export interface Router {
  lookup(method: string | undefined, url: string | undefined): RouteLookup;
  /** The path part of a request URL (no query string), as the router sees it. */
  pathOf(url: string | undefined): string;
}

/**
 * Builds the route table. Two routes with the same method and path are a programming error and
 * throw at start-up rather than silently shadowing each other.
 */
export function createRouter(routes: readonly Route[]): Router {
  const table = new Map<string, Map<string, Route>>();
  for (const route of routes) {
    const byMethod = table.get(route.path) ?? new Map<string, Route>();
    if (byMethod.has(route.method)) {
      throw new Error(`Two routes are mounted at ${route.method} ${route.path}: remove one of them.`);
    }
    byMethod.set(route.method, route);
    table.set(route.path, byMethod);
  }

  const pathOf = (url: string | undefined): string => {
    if (!url) return '/';
    const q = url.indexOf('?');
    return q === -1 ? url : url.slice(0, q);
  };

  return {
    pathOf,
    lookup(method, url) {
      const byMethod = table.get(pathOf(url));
      if (!byMethod) return { kind: 'not_found' };
      // HEAD is answered like GET; node:http drops the body by itself.
      const route = byMethod.get(method === 'HEAD' ? 'GET' : method ?? '');
      if (route) return { kind: 'found', route };
      const allow = [...byMethod.keys()];
      if (allow.includes('GET')) allow.push('HEAD');
      return { kind: 'method_not_allowed', allow: allow.join(', ') };
    },
  };
}
