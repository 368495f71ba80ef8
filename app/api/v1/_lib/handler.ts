import { after } from "next/server";
import { kickNeeded, kickOutbox } from "@/inngest/outbox-kick";
import { readJsonBody } from "@/lib/api/read-json-body";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { AppError } from "@/lib/errors";
import { hashBody } from "@/lib/idempotency/hash-body";
import type { IdempotencyClaim } from "@/lib/idempotency/run-idempotent";
import { log } from "@/lib/log";

/**
 * The one wrapper of every /api/v1 route: authenticates the bearer token, reads the JSON body
 * (1 MB limit), calls lib, maps AppError to a status, answers JSON only, and after a successful
 * write wakes the outbox relay once the response is sent.
 *
 * Error body: `{ "error": { "code", "message", "fields"?: { "path.to.field": ["…"] } } }`.
 */

export type ApiResult = { status: number; body: unknown; headers?: Record<string, string> };

export type HandlerContext<P> = {
  request: Request;
  params: P;
  url: URL;
  workspaceId: string;
  tokenId: string;
  /** The parsed JSON body; a malformed (400) or too large (413) body ends the request. */
  body(): Promise<unknown>;
  /** The Idempotency-Key claim for this operation and body, or null without the header. */
  idempotency(scope: string, body: unknown): IdempotencyClaim | null;
};

type RouteContext<P> = { params: Promise<P> };

/** Errors only the HTTP edge knows (the body itself is unusable). */
class EdgeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

function errorResponse(status: number, code: string, message: string, fields?: Record<string, string[]>, headers?: Record<string, string>) {
  return json(status, { error: { code, message, ...(fields ? { fields } : {}) } }, headers);
}

const UNAUTHENTICATED_HEADERS = { "www-authenticate": 'Bearer realm="ferry", error="invalid_token"' };

function bearer(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

// Kicks started outside a request scope (tests, scripts) are tracked so a caller can wait for them.
const pendingKicks = new Set<Promise<unknown>>();

function scheduleOutboxKick() {
  if (!kickNeeded()) return;
  try {
    after(() => kickOutbox());
  } catch {
    const p = kickOutbox().finally(() => pendingKicks.delete(p));
    pendingKicks.add(p);
  }
}

/** Resolves when outbox kicks started without `after()` have finished (for tests). */
export async function settleBackgroundWork(): Promise<void> {
  while (pendingKicks.size) await Promise.allSettled([...pendingKicks]);
}

function toResponse(err: unknown, route: string): Response {
  if (err instanceof EdgeError) return errorResponse(err.status, err.code, err.message);
  if (err instanceof AppError) {
    return errorResponse(err.status, err.code, err.message, err.fields, err.code === "unauthenticated" ? UNAUTHENTICATED_HEADERS : undefined);
  }
  log.error("api.unhandled_error", { route, error: err instanceof Error ? err.message : String(err) });
  return errorResponse(500, "internal", "Something went wrong on Ferry's side. Retry later; if it keeps failing, contact support.");
}

/** A token-authenticated /api/v1 route. `write: true` wakes the outbox relay after success. */
export function apiRoute<P = Record<string, never>>(
  options: { name: string; write?: boolean },
  run: (ctx: HandlerContext<P>) => Promise<ApiResult>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      const secret = bearer(request);
      if (!secret) {
        throw new AppError("unauthenticated", "Send an API token in the Authorization header: `Authorization: Bearer fry_…`.");
      }
      const token = await authenticateApiToken(secret);
      if (!token) throw new AppError("unauthenticated", "The API token is not valid or was revoked. Create a new one in Settings → API tokens.");

      let body: Promise<unknown> | undefined;
      const ctx: HandlerContext<P> = {
        request,
        params: await context.params,
        url: new URL(request.url),
        workspaceId: token.workspaceId,
        tokenId: token.tokenId,
        body: () =>
          (body ??= readJsonBody(request).then((r) => {
            if (!r.ok) throw new EdgeError(r.status, r.code, r.message);
            return r.value;
          })),
        idempotency: (scope, value) => {
          const key = request.headers.get("idempotency-key");
          return key === null ? null : { key: key.trim(), scope, requestHash: hashBody(value) };
        },
      };
      const result = await run(ctx);
      if (options.write && result.status < 300) scheduleOutboxKick();
      return json(result.status, result.body, result.headers);
    } catch (err) {
      return toResponse(err, options.name);
    }
  };
}

/** A public route (no token), e.g. the OpenAPI document. */
export function publicRoute(options: { name: string }, run: (request: Request) => Promise<ApiResult>) {
  return async (request: Request): Promise<Response> => {
    try {
      const result = await run(request);
      return json(result.status, result.body, result.headers);
    } catch (err) {
      return toResponse(err, options.name);
    }
  };
}

/** Response headers for a create replayed from its Idempotency-Key. */
export const replayHeaders = (replayed: boolean): Record<string, string> => (replayed ? { "idempotent-replayed": "true" } : {});
