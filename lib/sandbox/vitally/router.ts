import type { Workspace } from "./store";

/**
 * A tiny router for the `/resources/...` API. Paths are matched segment by segment and each
 * segment is URL-decoded on its own, so an externalId containing an encoded `/` stays one id.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface RouteContext {
  ws: Workspace;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  strict: boolean;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: HttpMethod;
  /** Relative to `/resources`, e.g. `/accounts/:id/users`. */
  path: string;
  handler: (ctx: RouteContext) => RouteResult;
}

interface CompiledRoute extends RouteDef {
  segments: string[];
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(defs: readonly RouteDef[]): this {
    for (const def of defs) this.routes.push({ ...def, segments: splitPath(def.path) });
    return this;
  }

  /** Routes are tried in the order they were added: register `/users/search` before `/users/:id`. */
  match(method: string, rawPath: string): { def: RouteDef; params: Record<string, string> } | null {
    const raw = splitPath(rawPath);
    let decoded: string[];
    try {
      decoded = raw.map((s) => decodeURIComponent(s));
    } catch {
      return null;
    }
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== decoded.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < route.segments.length; i += 1) {
        const pattern = route.segments[i] as string;
        const value = decoded[i] as string;
        if (pattern.startsWith(":")) params[pattern.slice(1)] = value;
        else if (pattern !== raw[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return { def: route, params };
    }
    return null;
  }
}

export function ok(body: unknown): RouteResult {
  return { status: 200, body };
}
