import { classify, ExternalApiError, networkErrorCodeOf } from "./external-api-error";

/**
 * One outbound HTTP call with a deadline covering the whole exchange (connect, headers and body),
 * turning transport failures into `ExternalApiError` (timeout | network). Redirects are never
 * followed: an allowed base URL must not be able to send Ferry, with its credentials, elsewhere.
 */

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface OutboundRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OutboundContext {
  vendor: string;
  operation: string;
  timeoutMs: number;
  fetch?: FetchFn;
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  bodyText: string;
  durationMs: number;
}

/** Plain words for the transport codes people actually meet. */
const NETWORK_WORDS: Record<string, string> = {
  ENOTFOUND: "the host name does not exist (DNS lookup failed)",
  EAI_AGAIN: "the host name could not be looked up right now (temporary DNS failure)",
  ECONNREFUSED: "the server refused the connection",
  ECONNRESET: "the connection was dropped",
  UND_ERR_SOCKET: "the server closed the connection before answering",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host",
};

export function describeNetworkError(code: string | undefined): string {
  if (!code) return "the connection failed";
  return NETWORK_WORDS[code] ?? `the connection failed (${code})`;
}

export async function outboundFetch(request: OutboundRequest, ctx: OutboundContext): Promise<OutboundResponse> {
  const fetchFn: FetchFn = ctx.fetch ?? ((input, init) => fetch(input, init));
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ctx.timeoutMs);
  const started = performance.now();
  const label = `${ctx.vendor} ${request.method} ${new URL(request.url).pathname}`;
  try {
    const res = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: controller.signal,
    });
    const bodyText = await res.text();
    return { status: res.status, headers: res.headers, bodyText, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    const code = timedOut ? undefined : networkErrorCodeOf(err);
    const { kind } = classify({ timedOut, networkErrorCode: code });
    const message =
      kind === "timeout"
        ? `${label}: no complete answer within ${ctx.timeoutMs} ms`
        : `${label}: ${describeNetworkError(code)}`;
    throw new ExternalApiError({
      vendor: ctx.vendor,
      operation: ctx.operation,
      kind,
      message,
      networkErrorCode: code ?? null,
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}
