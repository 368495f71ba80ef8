/**
 * Ferry's one error type for expected failures. Mapped to HTTP only at the edges
 * (app/api/v1/_lib/handler.ts, server actions).
 */
export type AppErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "idempotency_mismatch"
  | "rate_limited"
  | "unavailable";

export type FieldErrors = Record<string, string[]>;

const STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_mismatch: 422,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: FieldErrors;

  constructor(code: AppErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);

/** Turns zod issues into `{ "path.to.field": ["message"] }`. */
export function fieldErrorsFromIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "(body)";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

export function invalidInput(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, message = "The request has invalid fields.") {
  return new AppError("invalid_input", message, fieldErrorsFromIssues(issues));
}

/** Prisma's unique-constraint violation, without importing Prisma's runtime error classes. */
export function isUniqueViolation(err: unknown, target?: string): boolean {
  const e = err as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } };
  if (e?.code !== "P2002") return false;
  if (!target) return true;
  const text = JSON.stringify(e.meta ?? {});
  return text.includes(target);
}
