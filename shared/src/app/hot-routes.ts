import { type INestApplication } from '@nestjs/common';

/** A route the tills call on every sale: served ahead of the ~180 others in Express's route list. */
export interface HotRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** a fixed path, as requested (`/api/pos/sales`): no parameters */
  path: string;
}

interface RouterLayer {
  route?: { _handlesMethod(method: string): boolean };
  match(path: string): unknown;
}

/**
 * Express tries its route layers in order, one regular expression each, until one matches: a sale
 * at the ~100th route paid ~100 matches (path-to-regexp was the largest single JavaScript cost of a
 * sale in the profile). This moves each hot route's layer up to just after the last middleware layer
 * before it — never past a middleware, so every middleware still runs for it as before. Only route
 * layers are passed over, and only when the hot layer is the FIRST route layer that serves its
 * method and path (and the path with a trailing slash): then no request is served by another layer
 * than before — its method and path were this layer's anyway, and a fixed path matches nothing else.
 * Returns the routes moved; a route not found (or not first) is left where it is.
 * Call after `app.init()` (the routes are in place) and before the server takes requests.
 */
export function promoteHotRoutes(app: INestApplication, routes: readonly HotRoute[]): HotRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: RouterLayer[] }; _router?: { stack: RouterLayer[] } };
  const stack = (express.router ?? express._router)?.stack;
  if (!stack) return [];
  const moved: HotRoute[] = [];
  // in reverse, so that the first route of the list ends up first
  for (const hot of [...routes].reverse()) {
    if (/[:*?(){}]/.test(hot.path)) throw new Error(`hot route ${hot.path}: fixed paths only`);
    const serving = (path: string) => stack.findIndex((l) => l.route && l.match(path) && l.route._handlesMethod(hot.method));
    const at = serving(hot.path);
    if (at < 0 || serving(hot.path + '/') !== at) continue;
    let to = at;
    while (to > 0 && stack[to - 1].route) to--;
    if (to === at) continue;
    const [layer] = stack.splice(at, 1);
    stack.splice(to, 0, layer);
    moved.push(hot);
  }
  return moved;
}
