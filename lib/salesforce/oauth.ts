import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { outboundFetch, type FetchFn } from "@/lib/http/outbound-fetch";
import { classifySalesforceFailure, invalidSalesforceResponse, SALESFORCE_VENDOR, SalesforceApiError } from "./errors";
import { ZIdentity, ZTokenResponse } from "./schemas";

/**
 * Salesforce's OAuth 2.0 web-server flow (reference ../shared/docs/salesforce-api.md §2): the
 * authorize URL with PKCE (S256), the code exchange, refresh, revocation and the identity URL.
 * Pure helpers around fetch; they never read the environment. The login URL (production
 * login.salesforce.com, sandbox test.salesforce.com, a My Domain or the emulator) is the caller's:
 * a token only refreshes at the host that issued it (§1 #9), so store it with the tokens.
 */

export const DEFAULT_SCOPE = "api refresh_token";
export const OAUTH_TIMEOUT_MS = 15_000;

export interface SalesforceTokenSet {
  accessToken: string;
  /** Present on the code exchange, and on a refresh only when the app rotates refresh tokens. */
  refreshToken: string | null;
  instanceUrl: string;
  /** The identity URL: `{login}/id/<orgId>/<userId>`. */
  idUrl: string;
  issuedAt: Date;
  scope: string;
}

export interface SalesforceIdentity {
  organizationId: string;
  userId: string;
  username: string;
  displayName: string | null;
  email: string | null;
}

const base = (loginUrl: string) => loginUrl.replace(/\/+$/, "");

/** base64url(SHA-256(verifier)). */
export function pkceChallengeOf(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** A PKCE pair: a 86-character verifier (RFC 7636: 43–128) and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString("base64url");
  return { verifier, challenge: pkceChallengeOf(verifier) };
}

/** `{login}/services/oauth2/authorize?…` — where the browser goes to approve Ferry (§2.3). */
export function authorizeUrl(input: {
  loginUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge?: string;
  scope?: string;
  prompt?: "login" | "consent" | "select_account";
}): string {
  const url = new URL(`${base(input.loginUrl)}/services/oauth2/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("scope", input.scope ?? DEFAULT_SCOPE);
  url.searchParams.set("state", input.state);
  // Salesforce documents S256 only; the method parameter is left out as jsforce does (§2.3).
  if (input.codeChallenge) url.searchParams.set("code_challenge", input.codeChallenge);
  if (input.prompt) url.searchParams.set("prompt", input.prompt);
  return url.toString();
}

interface PostContext {
  operation: string;
  loginUrl: string;
  path: string;
  form: Record<string, string | undefined>;
  secrets: string[];
  fetch?: FetchFn;
  timeoutMs?: number;
}

async function postForm(ctx: PostContext): Promise<{ status: number; bodyText: string }> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(ctx.form)) if (v !== undefined) params.set(k, v);
  const res = await outboundFetch(
    {
      url: `${base(ctx.loginUrl)}${ctx.path}`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: params.toString(),
    },
    { vendor: SALESFORCE_VENDOR, operation: ctx.operation, timeoutMs: ctx.timeoutMs ?? OAUTH_TIMEOUT_MS, fetch: ctx.fetch },
  );
  if (res.status !== 200) {
    throw classifySalesforceFailure({
      operation: ctx.operation,
      method: "POST",
      path: ctx.path,
      status: res.status,
      headers: res.headers,
      bodyText: res.bodyText,
      secrets: ctx.secrets,
    });
  }
  return { status: res.status, bodyText: res.bodyText };
}

function parseJson<S extends z.ZodType>(schema: S, ctx: { operation: string; path: string; secrets: string[] }, status: number, bodyText: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    throw invalidSalesforceResponse({ ...ctx, method: "POST", status, why: "the answer is not JSON", bodyText, secrets: ctx.secrets });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
    throw invalidSalesforceResponse({ ...ctx, method: "POST", status, why: `unexpected answer shape (${issues})`, bodyText, secrets: ctx.secrets });
  }
  return parsed.data;
}

/**
 * Checks the token response's `signature` (base64 HMAC-SHA256 of `id + issued_at` keyed with the
 * client secret, §2.4) so a response that did not come from the app's login host is refused.
 */
function signatureValid(body: z.infer<typeof ZTokenResponse>, clientSecret: string): boolean {
  if (!body.signature || !body.issued_at) return true;
  const expected = createHmac("sha256", clientSecret).update(body.id + body.issued_at).digest();
  const given = Buffer.from(body.signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function tokenSet(body: z.infer<typeof ZTokenResponse>): SalesforceTokenSet {
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? null,
    instanceUrl: body.instance_url.replace(/\/+$/, ""),
    idUrl: body.id,
    issuedAt: new Date(body.issued_at ? Number(body.issued_at) : Date.now()),
    scope: body.scope ?? "",
  };
}

async function token(ctx: PostContext, clientSecret: string): Promise<SalesforceTokenSet> {
  const res = await postForm(ctx);
  const body = parseJson(ZTokenResponse, ctx, res.status, res.bodyText);
  if (!signatureValid(body, clientSecret)) {
    throw invalidSalesforceResponse({ ...ctx, method: "POST", status: res.status, why: "the token response's signature does not match", bodyText: "", secrets: ctx.secrets });
  }
  return tokenSet(body);
}

/** POST {login}/services/oauth2/token grant_type=authorization_code (§2.4), with the PKCE verifier. */
export function exchangeCode(input: {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  codeVerifier?: string;
  fetch?: FetchFn;
  timeoutMs?: number;
}): Promise<SalesforceTokenSet> {
  return token(
    {
      operation: "oauth.exchange",
      loginUrl: input.loginUrl,
      path: "/services/oauth2/token",
      form: {
        grant_type: "authorization_code",
        code: input.code,
        client_id: input.clientId,
        client_secret: input.clientSecret,
        redirect_uri: input.redirectUri,
        code_verifier: input.codeVerifier,
      },
      secrets: [input.clientSecret, input.code, ...(input.codeVerifier ? [input.codeVerifier] : [])],
      fetch: input.fetch,
      timeoutMs: input.timeoutMs,
    },
    input.clientSecret,
  );
}

/**
 * POST {login}/services/oauth2/token grant_type=refresh_token (§2.5). Never sends a PKCE verifier
 * (Salesforce is reported to refuse one on refresh, §2.8). `refreshToken` of the answer is set only
 * when the app rotates refresh tokens; the old one is then dead and the new one must be saved.
 * A revoked or expired grant is an `auth` SalesforceApiError with code `invalid_grant`.
 */
export function refreshAccessToken(input: {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  fetch?: FetchFn;
  timeoutMs?: number;
}): Promise<SalesforceTokenSet> {
  return token(
    {
      operation: "oauth.refresh",
      loginUrl: input.loginUrl,
      path: "/services/oauth2/token",
      form: { grant_type: "refresh_token", refresh_token: input.refreshToken, client_id: input.clientId, client_secret: input.clientSecret },
      secrets: [input.clientSecret, input.refreshToken],
      fetch: input.fetch,
      timeoutMs: input.timeoutMs,
    },
    input.clientSecret,
  );
}

/** POST {login}/services/oauth2/revoke (§2.6): a refresh token takes its sessions with it. */
export async function revokeToken(input: { loginUrl: string; token: string; fetch?: FetchFn; timeoutMs?: number }): Promise<void> {
  await postForm({
    operation: "oauth.revoke",
    loginUrl: input.loginUrl,
    path: "/services/oauth2/revoke",
    form: { token: input.token },
    secrets: [input.token],
    fetch: input.fetch,
    timeoutMs: input.timeoutMs,
  });
}

/** GET the identity URL with the access token: which org and user Ferry is connected as. */
export async function fetchIdentity(input: { idUrl: string; accessToken: string; fetch?: FetchFn; timeoutMs?: number }): Promise<SalesforceIdentity> {
  const operation = "oauth.identity";
  const path = new URL(input.idUrl).pathname;
  const secrets = [input.accessToken];
  const res = await outboundFetch(
    { url: input.idUrl, method: "GET", headers: { authorization: `Bearer ${input.accessToken}`, accept: "application/json" } },
    { vendor: SALESFORCE_VENDOR, operation, timeoutMs: input.timeoutMs ?? OAUTH_TIMEOUT_MS, fetch: input.fetch },
  );
  if (res.status !== 200) {
    const error = classifySalesforceFailure({ operation, method: "GET", path, status: res.status, headers: res.headers, bodyText: res.bodyText, secrets });
    // The identity URL answers 403 "Bad_OAuth_Token" for a dead token: an auth failure, not a refusal.
    if (res.status === 403 && res.bodyText.includes("Bad_OAuth_Token")) {
      throw new SalesforceApiError({ ...error.toJSON(), kind: "auth", code: "Bad_OAuth_Token" });
    }
    throw error;
  }
  const body = parseJson(ZIdentity, { operation, path, secrets }, res.status, res.bodyText);
  return {
    organizationId: body.organization_id,
    userId: body.user_id,
    username: body.username,
    displayName: body.display_name ?? null,
    email: body.email ?? null,
  };
}
