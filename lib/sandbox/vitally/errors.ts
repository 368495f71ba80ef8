import type { z } from "zod";

/**
 * Errors a sandbox route throws; server.ts turns them into JSON responses. Body shapes follow the
 * reference §6: 401 `{"error": ...}` (observed), 400/404 `{"message": ...}` (the GUESS it recommends).
 */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === "string" ? body.message : String(body.error ?? status));
    this.name = "SandboxHttpError";
  }
}

export function badRequest(message: string): SandboxHttpError {
  return new SandboxHttpError(400, { message });
}

export function notFound(what: string): SandboxHttpError {
  return new SandboxHttpError(404, { message: `${what} not found` });
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function pathLabel(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

/** A 400 naming the first field at fault, e.g. `externalId is required`. */
export function fromZodError(error: z.ZodError, body: unknown): SandboxHttpError {
  const issue = error.issues[0];
  if (!issue) return badRequest("Invalid request body");
  const field = pathLabel(issue.path);
  if (!field) return badRequest(`Invalid request body: ${issue.message}`);
  if (issue.code === "invalid_type" && valueAt(body, issue.path) === undefined) {
    return badRequest(`${field} is required`);
  }
  return badRequest(`${field}: ${issue.message}`);
}
