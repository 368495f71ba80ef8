import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { readTextBody, sendJson } from "../vitally/http-io";
import { SalesforceError, invalidSession, notFoundResource } from "./errors";
import { resolveHost, type HostTarget } from "./host";
import { handleMetadataCall, parseSoapRequest, soapFault } from "./metadata-soap";
import { handleAuthorize, handleRevoke, handleToken } from "./oauth";
import { MAX_VERSION, MIN_VERSION, handleRest } from "./rest";
import { dailyLimitOf, type SalesforceLogOutcome, type SalesforceRuntime } from "./runtime";
import { tokenId, type Org, type SessionEntry } from "./store";

/**
 * One request to the emulated Salesforce: login hosts serve OAuth (oauth.ts) and the identity URL;
 * instances serve `/services/data` (rest.ts). API calls go through: session check
 * (INVALID_SESSION_ID), injected faults, the rolling 24 h API allocation (REQUEST_LIMIT_EXCEEDED,
 * `Sforce-Limit-Info` on every answer), then the route. Every request is logged without tokens.
 */

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const LIMIT_EXCEEDED = new SalesforceError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
/** The Metadata API's session fault text (reference §2.7, OBS). */
const SOAP_INVALID_SESSION = new SalesforceError(500, "INVALID_SESSION_ID", "Invalid Session ID found in SessionHeader: Illegal Session");

function sendXml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, "Content-Type": "text/xml;charset=UTF-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** Retired versions (21.0–30.0) answer 410 (reference §1 #2, OBS). */
const RETIRED = { min: 21, max: 30 };

export function sessionAlive(rt: SalesforceRuntime, session: SessionEntry | undefined): session is SessionEntry {
  return !!session && !session.expired && rt.now() - session.issuedAt < rt.settings.sessionTimeoutMs;
}

function bearer(req: IncomingMessage): string | null {
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match ? (match[1] as string) : null;
}

function versionsList() {
  const out = [];
  for (let v = MIN_VERSION; v <= MAX_VERSION; v += 1) out.push({ label: `API ${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

export async function handleApi(rt: SalesforceRuntime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const started = performance.now();
  const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
  const target: HostTarget = resolveHost(req.headers.host, url.pathname, origin);
  const method = req.method ?? "GET";
  let org: Org | null = null;
  let session: SessionEntry | null = null;
  let headers: Record<string, string> = {};

  const log = (status: number, outcome: SalesforceLogOutcome) => {
    rt.log.add({
      time: new Date(rt.now()).toISOString(),
      method,
      path: url.pathname + url.search,
      hostKind: target.kind === "login" ? target.loginHost : "instance",
      orgId: org?.id ?? null,
      tokenId: session ? tokenId(session.token) : null,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      outcome,
    });
  };
  const reply = (status: number, body: unknown, outcome: SalesforceLogOutcome = status < 400 ? "ok" : "error") => {
    sendJson(res, status, body, headers);
    log(status, outcome);
  };
  let soap = false;
  /** An error as the protocol shows it: REST JSON array, or a SOAP fault (HTTP 500 unless 5xx already). */
  const fail = (error: SalesforceError, outcome: SalesforceLogOutcome = "error") => {
    if (!soap) return reply(error.status, error.body, outcome);
    const status = error.status >= 500 ? error.status : 500;
    sendXml(res, status, soapFault(error.errorCode, error.message), headers);
    log(status, outcome);
  };

  try {
    if (target.kind === "login") {
      const path = target.path.replace(/\/+$/, "");
      let status: number;
      if (path === "/services/oauth2/authorize") status = await handleAuthorize(rt, target.loginHost, req, res, url);
      else if (path === "/services/oauth2/token") status = await handleToken(rt, target.loginHost, target.base, req, res);
      else if (path === "/services/oauth2/revoke") status = await handleRevoke(rt, target.loginHost, req, res, url);
      else if (path.startsWith("/id/") && method === "GET") {
        return identity(rt, target, path, req, reply, (s) => {
          session = s;
          org = rt.store.orgs.get(s.orgId) ?? null;
        });
      }
      else return reply(404, notFoundResource().body);
      log(status, status < 400 ? "ok" : "error");
      return;
    }

    const path = target.path;
    if (target.orgSlug && !rt.store.findOrg(target.orgSlug)) return reply(404, notFoundResource().body);
    if (path === "/services/data" || path === "/services/data/") {
      if (method !== "GET") return reply(405, [{ message: "HTTP Method not allowed", errorCode: "METHOD_NOT_ALLOWED" }]);
      return reply(200, versionsList());
    }
    const versioned = /^\/services\/data\/v(\d+)\.0(\/.*)?$/.exec(path);
    const soapPath = /^\/services\/Soap\/m\/(\d+)\.0\/?$/.exec(path);
    if (!versioned && !soapPath) return reply(404, notFoundResource().body);
    soap = soapPath !== null;
    const v = Number((versioned ?? soapPath)?.[1]);
    if (v >= RETIRED.min && v <= RETIRED.max) {
      return fail(new SalesforceError(410, "API_VERSION_RETIRED", "This version of the API is no longer supported."));
    }
    if (v < MIN_VERSION || v > MAX_VERSION) return fail(notFoundResource());
    if (soap && method !== "POST") return fail(new SalesforceError(405, "METHOD_NOT_ALLOWED", "The Metadata API takes SOAP POSTs"));

    const bodyText = method === "POST" || method === "PATCH" || method === "PUT" ? await readTextBody(req) : "";
    const soapRequest = soap ? parseSoapRequest(bodyText) : null;
    const token = soapRequest ? soapRequest.sessionId : bearer(req);
    const found = token ? rt.store.sessions.get(token) : undefined;
    if (!sessionAlive(rt, found)) throw soap ? SOAP_INVALID_SESSION : invalidSession();
    session = found;
    org = rt.store.orgs.get(found.orgId) ?? null;
    if (!org) throw invalidSession();
    // A token only works on its own org's instance (My Domain).
    if (target.orgSlug && target.orgSlug !== org.slug) throw soap ? SOAP_INVALID_SESSION : invalidSession();
    if (!found.scope.includes("api") && !found.scope.includes("full")) {
      throw new SalesforceError(401, "INVALID_SESSION_ID", "This session is not valid for use with the REST API");
    }

    const latency = rt.faults.latencyMs(org.id);
    if (latency > 0) await sleep(latency);
    const max = dailyLimitOf(rt, org.id);
    // REST answers carry the usage header (reference §3.8); SOAP answers report it in the envelope, not emulated.
    const usageHeader = (used: number): Record<string, string> => (soap ? {} : { "Sforce-Limit-Info": `api-usage=${used}/${max}` });
    if (rt.faults.takeRateLimitBurst(org.id) !== null) {
      headers = usageHeader(max - rt.usage.peek(org.id, max).remaining);
      return fail(LIMIT_EXCEEDED, "fault-limit");
    }
    const decision = rt.usage.consume(org.id, max);
    headers = usageHeader(max - decision.remaining);
    if (!decision.allowed) return fail(LIMIT_EXCEEDED, "limit-exceeded");
    const failure = rt.faults.takeFailure(org.id);
    if (failure?.kind === "drop") {
      req.socket.destroy();
      log(0, "fault-drop");
      return;
    }
    if (failure?.kind === "timeout") {
      res.on("close", () => log(0, "fault-timeout"));
      return;
    }
    if (failure?.kind === "server-error") {
      const code = failure.status === 503 ? "SERVER_UNAVAILABLE" : "UNKNOWN_EXCEPTION";
      return fail(new SalesforceError(failure.status, code, "Injected by the Salesforce sandbox"), "fault-5xx");
    }

    if (soapRequest) {
      sendXml(res, 200, handleMetadataCall(org, soapRequest));
      return log(200, "ok");
    }
    let body: unknown;
    if (bodyText.trim() !== "") {
      try {
        body = JSON.parse(bodyText) as unknown;
      } catch {
        throw new SalesforceError(400, "JSON_PARSER_ERROR", "Unexpected character: was expecting a JSON value");
      }
    }
    const result = handleRest({
      rt,
      org,
      session: found,
      version: `${v}.0`,
      method,
      path: versioned?.[2] ?? "/",
      query: url.searchParams,
      headers: req.headers,
      body,
    });
    return reply(result.status, result.status === 204 ? undefined : result.body);
  } catch (error) {
    if (error instanceof SalesforceError) return fail(error);
    return fail(new SalesforceError(500, "UNKNOWN_EXCEPTION", (error as Error).message || "Internal error"));
  }
}

/** GET `{loginHost}/id/<orgId>/<userId>` with the access token: the identity of the user. */
function identity(
  rt: SalesforceRuntime,
  target: Extract<HostTarget, { kind: "login" }>,
  path: string,
  req: IncomingMessage,
  reply: (status: number, body: unknown) => void,
  remember: (s: SessionEntry) => void,
): void {
  const token = bearer(req);
  const session = token ? rt.store.sessions.get(token) : undefined;
  if (!sessionAlive(rt, session) || session.loginHost !== target.loginHost) {
    return reply(403, "Bad_OAuth_Token");
  }
  remember(session);
  const [, , orgId, userId] = path.split("/");
  const org = rt.store.orgs.get(session.orgId);
  const user = org?.all("User").find((u) => u.Id === userId);
  if (!org || orgId !== org.id || !user || session.userId !== user.Id) return reply(404, "Bad_Id");
  return reply(200, {
    id: `${target.base}/id/${org.id}/${user.Id}`,
    organization_id: org.id,
    user_id: user.Id,
    username: user.Username,
    email: user.Email,
    display_name: user.Name,
    active: user.IsActive,
    is_lightning_login_user: false,
  });
}
