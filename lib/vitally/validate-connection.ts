import { isExternalApiError, type ExternalApiError } from "@/lib/http/external-api-error";
import { describeNetworkError, type FetchFn } from "@/lib/http/outbound-fetch";
import { VitallyClient, type VitallyCall, type VitallyRateLimit } from "./client";
import type { VitallyConnection } from "./connection";

/**
 * "Continue" in the connect dialog: one cheap authenticated call (GET /resources/accounts?limit=1)
 * and a verdict an admin can act on. Only the API URL and key are used; nothing is written.
 */

export const CONNECTION_CHECK_OUTCOMES = [
  "ok",
  "key_rejected",
  "subdomain_not_found",
  "network_error",
  "not_vitally",
  "rate_limited",
  "vitally_unavailable",
] as const;
export type ConnectionCheckOutcome = (typeof CONNECTION_CHECK_OUTCOMES)[number];

export interface ConnectionCheck {
  outcome: ConnectionCheckOutcome;
  ok: boolean;
  /** The form field to show the message under, or null for a general message. */
  field: "apiUrl" | "auth" | null;
  message: string;
  /** What to do about it. Empty when ok. */
  action: string;
  status: number | null;
  retryAfterMs: number | null;
  rateLimit: VitallyRateLimit | null;
}

export interface ValidateConnectionDeps {
  fetch?: FetchFn;
  timeoutMs?: number;
  onCall?: (call: VitallyCall) => void;
}

const KEY_HELP =
  "Copy the Secret Token (or the Basic Auth Header) again from Vitally: Settings → Integrations → Vitally REST API. If the key was rolled or revoked there, use the new one.";

function hostOf(conn: VitallyConnection): string {
  return new URL(conn.baseUrl).host;
}

function subdomainHelp(conn: VitallyConnection): string {
  if (conn.region === "us") {
    return "Check the subdomain: it is the first part of your Vitally login address (acme in acme.vitally.io). Workspaces in Vitally's EU data centre use https://rest.vitally-eu.io.";
  }
  return "Check the API URL.";
}

function verdict(
  outcome: ConnectionCheckOutcome,
  field: ConnectionCheck["field"],
  message: string,
  action: string,
  extra: Partial<Pick<ConnectionCheck, "status" | "retryAfterMs" | "rateLimit">> = {},
): ConnectionCheck {
  return {
    outcome,
    ok: outcome === "ok",
    field,
    message,
    action,
    status: extra.status ?? null,
    retryAfterMs: extra.retryAfterMs ?? null,
    rateLimit: extra.rateLimit ?? null,
  };
}

/** Pure: the verdict for a failed credentials check. */
export function verdictForError(conn: VitallyConnection, err: ExternalApiError, rateLimit: VitallyRateLimit | null = null): ConnectionCheck {
  const host = hostOf(conn);
  const status = err.status;
  switch (err.kind) {
    case "auth":
    case "forbidden":
      return verdict(
        "key_rejected",
        "auth",
        status === 403 ? `Vitally refused this API key access (403).` : "Vitally rejected this API key (401).",
        KEY_HELP,
        { status, rateLimit },
      );
    case "not_found":
      return verdict("subdomain_not_found", "apiUrl", `There is no Vitally workspace at ${host} (Vitally answered 404).`, subdomainHelp(conn), {
        status,
        rateLimit,
      });
    case "rate_limited": {
      const seconds = err.retryAfterMs === null ? null : Math.max(1, Math.ceil(err.retryAfterMs / 1000));
      return verdict(
        "rate_limited",
        null,
        "Vitally is rate-limiting this API key right now (it allows 1000 calls per minute per key).",
        `${seconds === null ? "Wait a minute" : `Wait ${seconds} second${seconds === 1 ? "" : "s"}`} and press Continue again. If this keeps happening, another tool is using the same key heavily; create a separate key for Ferry.`,
        { status, retryAfterMs: err.retryAfterMs, rateLimit },
      );
    }
    case "transient":
      return verdict(
        "vitally_unavailable",
        null,
        `Vitally answered with a server error (${status}).`,
        "Vitally may be having an outage; try again in a few minutes.",
        { status, retryAfterMs: err.retryAfterMs, rateLimit },
      );
    case "network":
      if (err.networkErrorCode === "ENOTFOUND") {
        return verdict(
          "subdomain_not_found",
          "apiUrl",
          `The host ${host} does not exist (DNS lookup failed).`,
          `${subdomainHelp(conn)} If the URL is right, this Ferry server cannot look up internet host names; check its DNS and network settings.`,
        );
      }
      return verdict(
        "network_error",
        "apiUrl",
        `Ferry could not reach ${host}: ${describeNetworkError(err.networkErrorCode ?? undefined)}.`,
        "Check that this Ferry server can reach the internet (proxy, firewall) and try again.",
      );
    case "timeout":
      return verdict(
        "network_error",
        "apiUrl",
        `${host} did not answer in time.`,
        "Check that this Ferry server can reach the internet (proxy, firewall), then try again.",
      );
    case "invalid_response":
    case "invalid_request":
      return verdict(
        "not_vitally",
        "apiUrl",
        `The server at ${host} answered${status ? ` (${status})` : ""}, but not like the Vitally REST API.`,
        "Check the API URL: it should look like https://acme.rest.vitally.io (US) or https://rest.vitally-eu.io (EU), as shown in Vitally next to the API key.",
        { status, rateLimit },
      );
  }
}

export async function validateVitallyConnection(conn: VitallyConnection, deps: ValidateConnectionDeps = {}): Promise<ConnectionCheck> {
  const client = new VitallyClient({
    baseUrl: conn.baseUrl,
    apiKey: conn.apiKey,
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs ?? 10_000,
    onCall: deps.onCall,
  });
  try {
    const { rateLimit } = await client.checkCredentials();
    return verdict("ok", null, `Connected to Vitally at ${hostOf(conn)}.`, "", { status: 200, rateLimit });
  } catch (err) {
    if (!isExternalApiError(err)) throw err;
    return verdictForError(conn, err, client.lastRateLimit);
  }
}
