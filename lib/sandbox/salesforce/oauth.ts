import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readTextBody, sendJson } from "../vitally/http-io";
import { OAuthError } from "./errors";
import type { SalesforceRuntime } from "./runtime";
import { LOGIN_HOST_OF, type ConnectedApp, type LoginHost, type Org, type SessionEntry } from "./store";

/**
 * The OAuth 2.0 web-server flow (reference §2): the authorize page (HTML with Approve / Deny),
 * the token endpoint (authorization_code incl. PKCE, refresh_token incl. rotation), revoke, and
 * the identity URL. Each login host only knows the orgs of its environment, and tokens only work
 * at the host that issued them.
 */

export const CODE_TTL_MS = 15 * 60_000;

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location });
  res.end();
}

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** The app and redirect URI of an authorize request; wrong ones get an error page, never a redirect. */
function checkClient(rt: SalesforceRuntime, params: URLSearchParams): { app: ConnectedApp; redirectUri: string } | { page: string } {
  const app = rt.store.apps.get(params.get("client_id") ?? "");
  if (!app) return { page: "error=invalid_client_id&error_description=client%20identifier%20invalid" };
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!app.redirectUris.includes(redirectUri)) {
    return { page: "error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration" };
  }
  return { app, redirectUri };
}

function orgsOf(rt: SalesforceRuntime, loginHost: LoginHost): Org[] {
  return [...rt.store.orgs.values()].filter((o) => LOGIN_HOST_OF[o.environment] === loginHost);
}

function authorizePage(rt: SalesforceRuntime, loginHost: LoginHost, app: ConnectedApp, params: URLSearchParams, scope: string[]): string {
  const users = orgsOf(rt, loginHost).flatMap((org) =>
    org.all("User").filter((u) => u.IsActive === true).map((u) => ({ org, username: String(u.Username) })),
  );
  const hint = params.get("login_hint")?.toLowerCase();
  const hidden = [...params].map(([k, v]) => `<input type="hidden" name="${html(k)}" value="${html(v)}">`).join("\n      ");
  const options = users
    .map((u, i) => {
      const checked = hint ? u.username.toLowerCase() === hint : i === 0;
      return `<label><input type="radio" name="username" value="${html(u.username)}"${checked ? " checked" : ""}> ${html(u.username)} (${html(u.org.name)})</label>`;
    })
    .join("<br>\n      ");
  const title = loginHost === "test" ? "Salesforce sandbox login (test.salesforce.com)" : "Salesforce login (login.salesforce.com)";
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Allow Access? | ${html(title)}</title></head>
<body>
  <main>
    <p>${html(title)} — Ferry's Salesforce sandbox</p>
    <h1>Allow Access?</h1>
    <p><strong>${html(app.name)}</strong> is asking to:</p>
    <ul>${scope.map((s) => `<li>${html(s)}</li>`).join("")}</ul>
    <form method="post">
      ${hidden}
      <fieldset><legend>Log in as</legend>
      ${options || "<p>No user can log in at this host: no org of this environment.</p>"}
      </fieldset>
      <button type="submit" name="decision" value="deny">Deny</button>
      <button type="submit" name="decision" value="approve"${users.length ? "" : " disabled"}>Allow</button>
    </form>
  </main>
</body>
</html>`;
}

function requestedScope(app: ConnectedApp, params: URLSearchParams): string[] | null {
  const raw = params.get("scope");
  if (!raw || raw.trim() === "") return [...app.scopes];
  const scope = raw.split(/[\s+]+/).filter(Boolean);
  return scope.every((s) => app.scopes.includes(s)) ? scope : null;
}

/** GET (page) and POST (decision) of `/services/oauth2/authorize`. */
export async function handleAuthorize(rt: SalesforceRuntime, loginHost: LoginHost, req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
  let params = url.searchParams;
  if (req.method === "POST") params = new URLSearchParams(await readTextBody(req));
  const client = checkClient(rt, params);
  if ("page" in client) {
    sendHtml(res, 400, `<!doctype html><html lang="en"><body><h1>OAuth error</h1><p>${html(decodeURIComponent(client.page))}</p></body></html>`);
    return 400;
  }
  const { app, redirectUri } = client;
  const state = params.get("state") ?? undefined;
  const fail = (error: string, description: string) => {
    redirect(res, withQuery(redirectUri, { error, error_description: description, state }));
    return 302;
  };
  if (params.get("response_type") !== "code") return fail("unsupported_response_type", "response type not supported");
  const scope = requestedScope(app, params);
  if (!scope) return fail("invalid_scope", "the requested scope is not allowed");
  const challenge = params.get("code_challenge");
  if (app.requirePkce && !challenge) return fail("invalid_request", "missing required code challenge");
  const method = params.get("code_challenge_method");
  if (method && method !== "S256") return fail("invalid_request", "invalid code challenge method");

  if (req.method !== "POST") {
    sendHtml(res, 200, authorizePage(rt, loginHost, app, params, scope));
    return 200;
  }
  if (params.get("decision") !== "approve") return fail("access_denied", "end-user denied authorization");
  const username = (params.get("username") ?? "").toLowerCase();
  for (const org of orgsOf(rt, loginHost)) {
    const user = org.all("User").find((u) => String(u.Username).toLowerCase() === username && u.IsActive === true);
    if (!user) continue;
    const code = `aPrx${randomBytes(32).toString("base64url")}`;
    rt.store.codes.set(code, {
      code,
      clientId: app.clientId,
      redirectUri,
      orgId: org.id,
      userId: user.Id,
      scope,
      codeChallenge: challenge,
      loginHost,
      expiresAt: rt.now() + CODE_TTL_MS,
    });
    redirect(res, withQuery(redirectUri, { code, state }));
    return 302;
  }
  sendHtml(res, 400, `<!doctype html><html lang="en"><body><h1>Login failed</h1><p>No active user "${html(username)}" at this login host.</p></body></html>`);
  return 400;
}

function clientCredentials(req: IncomingMessage, form: URLSearchParams): { clientId: string; clientSecret: string | null } {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? "", "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { clientId: form.get("client_id") ?? "", clientSecret: form.get("client_secret") };
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

function authenticateClient(rt: SalesforceRuntime, req: IncomingMessage, form: URLSearchParams): ConnectedApp {
  const { clientId, clientSecret } = clientCredentials(req, form);
  const app = rt.store.apps.get(clientId);
  if (!app) throw new OAuthError(400, "invalid_client_id", "client identifier invalid");
  if (clientSecret === null || !sameSecret(clientSecret, app.clientSecret)) {
    throw new OAuthError(400, "invalid_client", "invalid client credentials");
  }
  return app;
}

/** base64url(SHA-256(verifier)) — PKCE S256, the only method Salesforce documents. */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

function tokenResponse(rt: SalesforceRuntime, app: ConnectedApp, session: SessionEntry, base: string, refreshToken: string | null) {
  const org = rt.store.orgs.get(session.orgId) as Org;
  const id = `${base}/id/${org.id}/${session.userId}`;
  const issuedAt = String(session.issuedAt);
  const body: Record<string, string> = { access_token: session.token };
  if (refreshToken) body.refresh_token = refreshToken;
  return {
    ...body,
    signature: createHmac("sha256", app.clientSecret).update(id + issuedAt).digest("base64"),
    scope: session.scope.join(" "),
    instance_url: instanceUrlOf(base, org),
    id,
    token_type: "Bearer",
    issued_at: issuedAt,
  };
}

/** The org's My Domain URL in the sandbox: `<origin>/i/<slug>`. */
export function instanceUrlOf(loginBase: string, org: Org): string {
  const origin = loginBase.replace(/\/(login|test)$/, "");
  return `${origin}/i/${org.slug}`;
}

function newSession(rt: SalesforceRuntime, input: Omit<SessionEntry, "token" | "issuedAt" | "expired">): SessionEntry {
  const session: SessionEntry = { ...input, token: rt.store.newToken(input.orgId), issuedAt: rt.now(), expired: false };
  rt.store.sessions.set(session.token, session);
  return session;
}

const wantsRefreshToken = (scope: string[]) => scope.includes("refresh_token") || scope.includes("offline_access");

function exchangeCode(rt: SalesforceRuntime, loginHost: LoginHost, app: ConnectedApp, form: URLSearchParams, base: string) {
  const code = rt.store.codes.get(form.get("code") ?? "");
  if (!code || code.clientId !== app.clientId || code.loginHost !== loginHost) {
    throw new OAuthError(400, "invalid_grant", "invalid authorization code");
  }
  rt.store.codes.delete(code.code);
  if (code.expiresAt <= rt.now()) throw new OAuthError(400, "invalid_grant", "expired authorization code");
  if ((form.get("redirect_uri") ?? "") !== code.redirectUri) {
    throw new OAuthError(400, "redirect_uri_mismatch", "redirect_uri must match configuration");
  }
  const verifier = form.get("code_verifier");
  if (code.codeChallenge) {
    if (!verifier) throw new OAuthError(400, "invalid_grant", "invalid code verifier");
    if (pkceChallenge(verifier) !== code.codeChallenge) throw new OAuthError(400, "invalid_request", "invalid code verifier");
  }
  let refresh: string | null = null;
  if (wantsRefreshToken(code.scope)) {
    refresh = rt.store.newRefreshToken();
    rt.store.refreshTokens.set(refresh, {
      token: refresh,
      clientId: app.clientId,
      orgId: code.orgId,
      userId: code.userId,
      scope: code.scope,
      loginHost,
      codeChallenge: code.codeChallenge,
      revoked: false,
      rotatedTo: null,
    });
  }
  const session = newSession(rt, { clientId: app.clientId, orgId: code.orgId, userId: code.userId, scope: code.scope, loginHost, refreshToken: refresh });
  return tokenResponse(rt, app, session, base, refresh);
}

const EXPIRED_REFRESH = () => new OAuthError(400, "invalid_grant", "expired access/refresh token");

function refresh(rt: SalesforceRuntime, loginHost: LoginHost, app: ConnectedApp, form: URLSearchParams, base: string) {
  const entry = rt.store.refreshTokens.get(form.get("refresh_token") ?? "");
  if (!entry || entry.clientId !== app.clientId || entry.loginHost !== loginHost) throw EXPIRED_REFRESH();
  if (entry.revoked) {
    // Re-using a rotated-out token also kills the token that replaced it (reference §2.1).
    let next = entry.rotatedTo;
    while (next) {
      const successor = rt.store.refreshTokens.get(next);
      if (!successor) break;
      rt.store.revokeRefreshToken(successor);
      next = successor.rotatedTo;
    }
    throw EXPIRED_REFRESH();
  }
  if (rt.settings.strict && form.get("code_verifier")) {
    // Reported live behaviour (reference §2.8, OBS FRIGG): a stale PKCE verifier on refresh fails.
    throw new OAuthError(400, "invalid_request", "unexpected code verifier");
  }
  let token = entry.token;
  let returned: string | null = null;
  if (app.rotateRefreshTokens) {
    returned = rt.store.newRefreshToken();
    rt.store.refreshTokens.set(returned, { ...entry, token: returned, revoked: false, rotatedTo: null });
    entry.revoked = true;
    entry.rotatedTo = returned;
    token = returned;
  }
  const session = newSession(rt, { clientId: app.clientId, orgId: entry.orgId, userId: entry.userId, scope: entry.scope, loginHost, refreshToken: token });
  return tokenResponse(rt, app, session, base, returned);
}

/** POST `/services/oauth2/token`. Returns the status sent. */
export async function handleToken(rt: SalesforceRuntime, loginHost: LoginHost, base: string, req: IncomingMessage, res: ServerResponse): Promise<number> {
  try {
    if (req.method !== "POST") throw new OAuthError(405, "invalid_request", "must use HTTP POST");
    const form = new URLSearchParams(await readTextBody(req));
    const grant = form.get("grant_type");
    if (grant !== "authorization_code" && grant !== "refresh_token") throw new OAuthError(400, "unsupported_grant_type", "grant type not supported");
    const app = authenticateClient(rt, req, form);
    const body = grant === "authorization_code" ? exchangeCode(rt, loginHost, app, form, base) : refresh(rt, loginHost, app, form, base);
    sendJson(res, 200, body, { "Cache-Control": "no-cache,must-revalidate,max-age=0,no-store,private" });
    return 200;
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    sendJson(res, error.status, error.body);
    return error.status;
  }
}

/** POST `/services/oauth2/revoke` with `token=` (access or refresh token; reference §2.6). */
export async function handleRevoke(rt: SalesforceRuntime, loginHost: LoginHost, req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
  const form = req.method === "POST" ? new URLSearchParams(await readTextBody(req)) : url.searchParams;
  const token = form.get("token") ?? "";
  const session = rt.store.sessions.get(token);
  const refreshEntry = rt.store.refreshTokens.get(token);
  if (session && session.loginHost === loginHost) session.expired = true;
  else if (refreshEntry && refreshEntry.loginHost === loginHost && !refreshEntry.revoked) rt.store.revokeRefreshToken(refreshEntry);
  else {
    sendJson(res, 400, { error: "unsupported_token_type", error_description: "this token type is not supported" });
    return 400;
  }
  sendJson(res, 200, undefined);
  return 200;
}
