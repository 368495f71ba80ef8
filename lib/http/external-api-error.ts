/**
 * Ferry's one error type for calls to other companies' APIs (Vitally, Salesforce), and the pure
 * function that decides what kind of failure a response or a transport error is. Durable retries
 * live in Inngest and key off `kind`: rate_limited → wait `retryAfterMs`; transient, network and
 * timeout → retry with backoff; auth and forbidden → stop and show "needs attention"; not_found,
 * invalid_request and invalid_response → stop, a retry would fail the same way.
 */

export const EXTERNAL_API_ERROR_KINDS = [
  "rate_limited",
  "transient",
  "auth",
  "forbidden",
  "not_found",
  "invalid_request",
  "invalid_response",
  "network",
  "timeout",
] as const;
export type ExternalApiErrorKind = (typeof EXTERNAL_API_ERROR_KINDS)[number];

/** Kinds a later identical call may get past. */
export const RETRYABLE_KINDS: ReadonlySet<ExternalApiErrorKind> = new Set([
  "rate_limited",
  "transient",
  "network",
  "timeout",
]);

export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

export function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Transport error codes that mean "gave up waiting", not "could not connect". */
const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ABORT_ERR_TIMEOUT",
]);

/** Statuses no retry can fix even though they are 5xx. */
const PERMANENT_5XX = new Set([501, 505]);

/** A value this large in a reset header is a Unix time in seconds, not a delay. */
const EPOCH_SECONDS_THRESHOLD = 1e9;

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const first = value.split(",")[0]?.trim() ?? "";
  if (!/^\d+(\.\d+)?$/.test(first)) return undefined;
  return Number(first);
}

function resetToMs(seconds: number, nowMs: number): number {
  if (seconds > EPOCH_SECONDS_THRESHOLD) return Math.max(0, Math.round(seconds * 1000 - nowMs));
  return Math.round(seconds * 1000);
}

/**
 * How long the server asks us to wait, in ms: `Retry-After` (delay seconds or an HTTP date), else
 * `RateLimit-Reset` (seconds until the window frees a slot, per Vitally's docs; a value over 1e9 is
 * read as epoch seconds), else `X-RateLimit-Reset` (same reading). Null when none is usable.
 */
export function retryAfterFromHeaders(headers: HeadersLike | undefined, nowMs: number = Date.now()): number | null {
  const retryAfter = headerValue(headers, "retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date) && /[a-z]/i.test(retryAfter)) return Math.max(0, date - nowMs);
  }
  for (const name of ["ratelimit-reset", "x-ratelimit-reset"]) {
    const seconds = parseNumber(headerValue(headers, name));
    if (seconds !== undefined) return resetToMs(seconds, nowMs);
  }
  return null;
}

export interface ClassifyInput {
  status?: number;
  headers?: HeadersLike;
  /** `code` of a transport error (ENOTFOUND, ECONNRESET, UND_ERR_SOCKET …). */
  networkErrorCode?: string;
  /** Ferry's own deadline fired. */
  timedOut?: boolean;
  nowMs?: number;
}

export interface Classification {
  kind: ExternalApiErrorKind;
  retryAfterMs: number | null;
}

/**
 * Pure: the kind of a failed call. Order: our timeout, then transport errors, then the status.
 * A 2xx or 3xx reaching here means the answer itself was unusable (a body that does not parse, a
 * redirect Ferry refuses to follow): invalid_response.
 */
export function classify(input: ClassifyInput): Classification {
  const { status, headers, networkErrorCode, timedOut } = input;
  const nowMs = input.nowMs ?? Date.now();
  if (timedOut) return { kind: "timeout", retryAfterMs: null };
  if (status === undefined) {
    if (networkErrorCode && TIMEOUT_CODES.has(networkErrorCode)) return { kind: "timeout", retryAfterMs: null };
    return { kind: "network", retryAfterMs: null };
  }
  if (status === 429) return { kind: "rate_limited", retryAfterMs: retryAfterFromHeaders(headers, nowMs) };
  if (status >= 500 && status <= 599) {
    if (PERMANENT_5XX.has(status)) return { kind: "invalid_request", retryAfterMs: null };
    const retryAfter = headerValue(headers, "retry-after") ? retryAfterFromHeaders(headers, nowMs) : null;
    return { kind: "transient", retryAfterMs: retryAfter };
  }
  if (status === 401) return { kind: "auth", retryAfterMs: null };
  if (status === 403) return { kind: "forbidden", retryAfterMs: null };
  if (status === 404 || status === 410) return { kind: "not_found", retryAfterMs: null };
  // 408 Request Timeout and 425 Too Early invite a retry of the same request.
  if (status === 408 || status === 425) return { kind: "transient", retryAfterMs: null };
  if (status >= 400 && status <= 499) return { kind: "invalid_request", retryAfterMs: null };
  return { kind: "invalid_response", retryAfterMs: null };
}

const SNIPPET_MAX = 500;

/** Removes credentials (known secrets verbatim, plus common credential shapes). */
export function redactSecrets(text: string, secrets: ReadonlyArray<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi, "$1 [redacted]")
    .replace(/\bsk_(live|test)_[A-Za-z0-9_-]+/g, "[redacted]")
    .replace(/("(?:api[_-]?key|secret|token|password|authorization)"\s*:\s*)"[^"]*"/gi, '$1"[redacted]"');
}

/** A short, credential-free excerpt of a response body. */
export function bodySnippet(body: string | null | undefined, secrets: ReadonlyArray<string> = []): string | null {
  if (body === null || body === undefined || body === "") return null;
  const clean = redactSecrets(body, secrets).replace(/\s+/g, " ").trim();
  return clean.length > SNIPPET_MAX ? `${clean.slice(0, SNIPPET_MAX)}… [${clean.length - SNIPPET_MAX} more chars]` : clean;
}

export interface ExternalApiErrorInit {
  vendor: string;
  operation: string;
  kind: ExternalApiErrorKind;
  message: string;
  status?: number | null;
  retryAfterMs?: number | null;
  bodySnippet?: string | null;
  networkErrorCode?: string | null;
  cause?: unknown;
}

export class ExternalApiError extends Error {
  readonly vendor: string;
  readonly operation: string;
  readonly status: number | null;
  readonly kind: ExternalApiErrorKind;
  readonly retryAfterMs: number | null;
  readonly bodySnippet: string | null;
  readonly networkErrorCode: string | null;

  constructor(init: ExternalApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ExternalApiError";
    this.vendor = init.vendor;
    this.operation = init.operation;
    this.status = init.status ?? null;
    this.kind = init.kind;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.bodySnippet = init.bodySnippet ?? null;
    this.networkErrorCode = init.networkErrorCode ?? null;
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }

  /** Safe to store in a sync log or return to the dashboard. */
  toJSON() {
    return {
      vendor: this.vendor,
      operation: this.operation,
      status: this.status,
      kind: this.kind,
      retryAfterMs: this.retryAfterMs,
      message: this.message,
      bodySnippet: this.bodySnippet,
      networkErrorCode: this.networkErrorCode,
    };
  }
}

export function isExternalApiError(err: unknown): err is ExternalApiError {
  return err instanceof ExternalApiError;
}

/**
 * The `code` of a fetch failure. Node's fetch throws `TypeError("fetch failed")` whose `cause` (or
 * the cause's cause, or an AggregateError's first error) carries `code`.
 */
export function networkErrorCodeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const e = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof e.code === "string" && e.code !== "") return e.code;
    current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return undefined;
}
