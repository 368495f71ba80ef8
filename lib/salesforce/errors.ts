import {
  bodySnippet,
  classify,
  ExternalApiError,
  type ExternalApiErrorInit,
  type ExternalApiErrorKind,
  type HeadersLike,
} from "@/lib/http/external-api-error";
import { child, local, parseXml, XmlError } from "./xml";

/**
 * Salesforce's failures as Ferry's one error type (reference ../shared/docs/salesforce-api.md
 * §2.4, §2.7, §3.7). The body comes in one of four shapes: REST `[{message, errorCode, fields}]`,
 * per-record `{statusCode, message, fields}` (collections, Metadata results), OAuth
 * `{error, error_description}`, or a SOAP fault `<faultcode>sf:CODE</faultcode>`. The code decides
 * more than the status: 403 REQUEST_LIMIT_EXCEEDED is the daily allocation (wait), not a refusal.
 */

export const SALESFORCE_VENDOR = "salesforce";

/** Salesforce's allocation is a rolling 24 h window with no reset header: look again in 15 min. */
export const REQUEST_LIMIT_RETRY_MS = 15 * 60_000;

/** A Salesforce failure: ExternalApiError plus Salesforce's error code and the fields at fault. */
export class SalesforceApiError extends ExternalApiError {
  /** `errorCode` / `statusCode` / OAuth `error` / SOAP fault code, e.g. INVALID_FIELD, invalid_grant. */
  readonly code: string | null;
  readonly fields: string[];

  constructor(init: ExternalApiErrorInit & { code?: string | null; fields?: string[] }) {
    super(init);
    this.name = "SalesforceApiError";
    this.code = init.code ?? null;
    this.fields = init.fields ?? [];
  }

  override toJSON() {
    return { ...super.toJSON(), code: this.code, fields: this.fields };
  }
}

export function isSalesforceApiError(err: unknown): err is SalesforceApiError {
  return err instanceof SalesforceApiError;
}

/** One error as Salesforce reported it, whichever shape it came in. */
export interface SalesforceErrorDetail {
  code: string;
  message: string;
  fields: string[];
}

function fromItem(item: unknown): SalesforceErrorDetail | null {
  if (!item || typeof item !== "object") return null;
  const o = item as Record<string, unknown>;
  const code = typeof o.errorCode === "string" ? o.errorCode : typeof o.statusCode === "string" ? o.statusCode : null;
  if (!code) return null;
  const fields = Array.isArray(o.fields) ? o.fields.filter((f): f is string => typeof f === "string") : [];
  return { code, message: typeof o.message === "string" ? o.message : "", fields };
}

/** Reads every error a body carries (REST array, single item, OAuth object, SOAP fault). Pure. */
export function parseSalesforceErrors(bodyText: string): SalesforceErrorDetail[] {
  const text = bodyText.trim();
  if (text.startsWith("<")) {
    try {
      const fault = child(child(parseXml(text), "Body"), "Fault");
      const code = child(fault, "faultcode")?.text.trim();
      if (!code) return [];
      const message = child(fault, "faultstring")?.text.trim() ?? "";
      return [{ code: local(code), message, fields: [] }];
    } catch (err) {
      if (err instanceof XmlError) return [];
      throw err;
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (Array.isArray(json)) return json.map(fromItem).filter((e): e is SalesforceErrorDetail => e !== null);
  if (json && typeof json === "object") {
    const o = json as Record<string, unknown>;
    if (typeof o.error === "string") {
      return [{ code: o.error, message: typeof o.error_description === "string" ? o.error_description : "", fields: [] }];
    }
    const item = fromItem(o);
    return item ? [item] : [];
  }
  return [];
}

/** OAuth errors that mean "the grant or the app's credentials are no good": the user must reconnect. */
const OAUTH_AUTH_CODES = new Set(["invalid_grant", "invalid_client", "invalid_client_id", "inactive_user", "inactive_org"]);
/** Codes a later identical call can get past although Salesforce answered 4xx / a SOAP fault. */
const TRANSIENT_CODES = new Set(["UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION", "QUERY_TIMEOUT"]);

export interface SalesforceFailureInput {
  operation: string;
  method: string;
  /** Path without query string (what the message names). */
  path: string;
  status: number;
  headers?: HeadersLike;
  bodyText: string;
  /** Values to strip from the stored body excerpt (tokens, secrets). */
  secrets?: ReadonlyArray<string>;
  nowMs?: number;
}

/** Pure: the kind of a Salesforce failure, decided by its code first and its status second. */
export function classifySalesforceFailure(input: SalesforceFailureInput): SalesforceApiError {
  const errors = parseSalesforceErrors(input.bodyText);
  const first = errors[0];
  const code = input.status === 300 ? "MULTIPLE_CHOICES" : (first?.code ?? null);
  let kind: ExternalApiErrorKind;
  let retryAfterMs: number | null = null;
  if (input.status === 300) kind = "invalid_response";
  else if (code === "REQUEST_LIMIT_EXCEEDED") {
    kind = "rate_limited";
    retryAfterMs = REQUEST_LIMIT_RETRY_MS;
  } else if (code === "INVALID_SESSION_ID" || (code !== null && OAUTH_AUTH_CODES.has(code))) kind = "auth";
  else if (code !== null && TRANSIENT_CODES.has(code)) kind = "transient";
  else if (input.status === 500 && first && input.bodyText.trim().startsWith("<")) {
    // A SOAP fault with another code (INVALID_TYPE, EXCEEDED_ID_LIMIT…): the request is wrong.
    kind = "invalid_request";
  } else {
    ({ kind, retryAfterMs } = classify({ status: input.status, headers: input.headers, nowMs: input.nowMs }));
  }
  const said = first ? `${first.code}${first.message ? `: ${first.message}` : ""}` : null;
  const what =
    input.status === 300
      ? "matched several records (300 Multiple Choices)"
      : `answered ${input.status}${said ? ` ${bodySnippet(said, input.secrets) ?? ""}` : ""}`;
  return new SalesforceApiError({
    vendor: SALESFORCE_VENDOR,
    operation: input.operation,
    kind,
    status: input.status,
    retryAfterMs,
    code,
    fields: first?.fields ?? [],
    message: `Salesforce ${input.method} ${input.path} ${what}`,
    bodySnippet: bodySnippet(input.bodyText, input.secrets),
  });
}

/** An unusable 2xx answer (not JSON, wrong shape). */
export function invalidSalesforceResponse(input: { operation: string; method: string; path: string; status: number; why: string; bodyText: string; secrets?: ReadonlyArray<string> }) {
  return new SalesforceApiError({
    vendor: SALESFORCE_VENDOR,
    operation: input.operation,
    kind: "invalid_response",
    status: input.status,
    message: `Salesforce ${input.method} ${input.path}: ${input.why}`,
    bodySnippet: bodySnippet(input.bodyText, input.secrets),
  });
}
