import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_USERNAME, DEMO_APP, DEMO_ORG_SLUG, DEMO_SANDBOX_ADMIN_USERNAME, DEMO_SANDBOX_ORG_SLUG } from "@/lib/sandbox/salesforce/seed-demo";
import { approve, REDIRECT_URI, startSandbox, type TestSandbox } from "@/lib/sandbox/salesforce/test-helpers";
import { SalesforceClient } from "./client";
import { isSalesforceApiError, type SalesforceApiError } from "./errors";
import { authorizeUrl, exchangeCode, fetchIdentity, pkcePair, refreshAccessToken, revokeToken, type SalesforceTokenSet } from "./oauth";

/** The OAuth web-server flow against the Salesforce sandbox over real HTTP (reference §2). */

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
});
afterAll(() => t.close());

const app: { clientId: string; clientSecret: string } = { clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret };

async function rejection(promise: Promise<unknown>): Promise<SalesforceApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isSalesforceApiError(err)) throw new Error(`expected a SalesforceApiError, got ${String(err)}`);
  return err;
}

/** Browser part: follow authorizeUrl() to the approval page and approve as `username`. */
async function authorizeAs(loginUrl: string, username: string, challenge: string | undefined, clientId = app.clientId) {
  const url = new URL(authorizeUrl({ loginUrl, clientId, redirectUri: REDIRECT_URI, state: "state-1", codeChallenge: challenge }));
  expect(url.pathname.endsWith("/services/oauth2/authorize")).toBe(true);
  const callback = await approve(loginUrl, Object.fromEntries(url.searchParams), username);
  expect(callback.get("state")).toBe("state-1");
  return callback.get("code") ?? "";
}

async function connect(loginUrl: string, username: string, clientId = app.clientId, clientSecret = app.clientSecret): Promise<SalesforceTokenSet> {
  const pkce = pkcePair();
  const code = await authorizeAs(loginUrl, username, pkce.challenge, clientId);
  return exchangeCode({ loginUrl, clientId, clientSecret, redirectUri: REDIRECT_URI, code, codeVerifier: pkce.verifier });
}

describe("authorize + code exchange with PKCE", () => {
  it.each([
    ["production (login host)", "login", DEMO_ADMIN_USERNAME, DEMO_ORG_SLUG],
    ["sandbox (test host)", "test", DEMO_SANDBOX_ADMIN_USERNAME, DEMO_SANDBOX_ORG_SLUG],
  ] as const)("%s: tokens, instance and identity of the right org", async (_, host, username, slug) => {
    const loginUrl = host === "login" ? t.sandbox.urls.login : t.sandbox.urls.test;
    const tokens = await connect(loginUrl, username);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.instanceUrl).toBe(t.sandbox.urls.instance(slug));
    expect(tokens.idUrl.startsWith(`${loginUrl}/id/00D`)).toBe(true);
    expect(tokens.scope.split(" ")).toEqual(expect.arrayContaining(["api", "refresh_token"]));
    expect(Math.abs(tokens.issuedAt.getTime() - Date.now())).toBeLessThan(60_000);
    const identity = await fetchIdentity({ idUrl: tokens.idUrl, accessToken: tokens.accessToken });
    const org = (await t.control.listOrgs()).find((o) => o.slug === slug);
    expect(identity).toMatchObject({ organizationId: org?.id, username, userId: expect.stringMatching(/^005/) });
    // The token works on its instance.
    const client = new SalesforceClient({ instanceUrl: tokens.instanceUrl, accessToken: tokens.accessToken });
    expect((await client.limits()).DailyApiRequests.Max).toBeGreaterThan(0);
  });

  it("a verifier that does not match is invalid_request; none at all is invalid_grant (auth)", async () => {
    const loginUrl = t.sandbox.urls.login;
    const pkce = pkcePair();
    const code = await authorizeAs(loginUrl, DEMO_ADMIN_USERNAME, pkce.challenge);
    const wrong = await rejection(exchangeCode({ loginUrl, ...app, redirectUri: REDIRECT_URI, code, codeVerifier: pkcePair().verifier }));
    expect([wrong.code, wrong.kind, wrong.status]).toEqual(["invalid_request", "invalid_request", 400]);
    const code2 = await authorizeAs(loginUrl, DEMO_ADMIN_USERNAME, pkce.challenge);
    const none = await rejection(exchangeCode({ loginUrl, ...app, redirectUri: REDIRECT_URI, code: code2 }));
    expect([none.code, none.kind]).toEqual(["invalid_grant", "auth"]);
    // The secret and code never reach the error text.
    expect(JSON.stringify(none.toJSON())).not.toContain(app.clientSecret);
  });

  it("a code works once, and a wrong client secret is an auth failure", async () => {
    const loginUrl = t.sandbox.urls.login;
    const pkce = pkcePair();
    const code = await authorizeAs(loginUrl, DEMO_ADMIN_USERNAME, pkce.challenge);
    const badSecret = await rejection(exchangeCode({ loginUrl, clientId: app.clientId, clientSecret: "nope", redirectUri: REDIRECT_URI, code, codeVerifier: pkce.verifier }));
    expect([badSecret.code, badSecret.kind]).toEqual(["invalid_client", "auth"]);
    const code2 = await authorizeAs(loginUrl, DEMO_ADMIN_USERNAME, pkce.challenge);
    await exchangeCode({ loginUrl, ...app, redirectUri: REDIRECT_URI, code: code2, codeVerifier: pkce.verifier });
    const again = await rejection(exchangeCode({ loginUrl, ...app, redirectUri: REDIRECT_URI, code: code2, codeVerifier: pkce.verifier }));
    expect(again.code).toBe("invalid_grant");
  });
});

describe("refresh", () => {
  it("without rotation: a new access token, no refresh token; no PKCE verifier is sent (the strict sandbox would refuse it)", async () => {
    const loginUrl = t.sandbox.urls.login;
    const tokens = await connect(loginUrl, DEMO_ADMIN_USERNAME);
    await t.control.expireSessions(DEMO_ORG_SLUG);
    const refreshed = await refreshAccessToken({ loginUrl, ...app, refreshToken: tokens.refreshToken as string });
    expect(refreshed.refreshToken).toBeNull();
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.instanceUrl).toBe(tokens.instanceUrl);
    const client = new SalesforceClient({ instanceUrl: refreshed.instanceUrl, accessToken: refreshed.accessToken });
    await expect(client.limits()).resolves.toBeTruthy();
    // The same refresh token keeps working.
    await expect(refreshAccessToken({ loginUrl, ...app, refreshToken: tokens.refreshToken as string })).resolves.toBeTruthy();
  });

  it("with rotation: each refresh returns a new refresh token; re-using the old one is invalid_grant and kills the new one", async () => {
    const rotating = { clientId: "3MVG9ferry.rotating", clientSecret: "rotating-secret" };
    await t.control.addApp({ ...rotating, redirectUris: [REDIRECT_URI], rotateRefreshTokens: true });
    const loginUrl = t.sandbox.urls.login;
    const tokens = await connect(loginUrl, DEMO_ADMIN_USERNAME, rotating.clientId, rotating.clientSecret);
    const first = await refreshAccessToken({ loginUrl, ...rotating, refreshToken: tokens.refreshToken as string });
    expect(first.refreshToken).toEqual(expect.any(String));
    expect(first.refreshToken).not.toBe(tokens.refreshToken);
    const second = await refreshAccessToken({ loginUrl, ...rotating, refreshToken: first.refreshToken as string });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const reused = await rejection(refreshAccessToken({ loginUrl, ...rotating, refreshToken: first.refreshToken as string }));
    expect([reused.code, reused.kind]).toEqual(["invalid_grant", "auth"]);
    const killed = await rejection(refreshAccessToken({ loginUrl, ...rotating, refreshToken: second.refreshToken as string }));
    expect(killed.code).toBe("invalid_grant");
  });

  it("a sandbox refresh token only works at the test host", async () => {
    const tokens = await connect(t.sandbox.urls.test, DEMO_SANDBOX_ADMIN_USERNAME);
    const wrongHost = await rejection(refreshAccessToken({ loginUrl: t.sandbox.urls.login, ...app, refreshToken: tokens.refreshToken as string }));
    expect([wrongHost.code, wrongHost.kind]).toEqual(["invalid_grant", "auth"]);
    await expect(refreshAccessToken({ loginUrl: t.sandbox.urls.test, ...app, refreshToken: tokens.refreshToken as string })).resolves.toBeTruthy();
  });
});

describe("revocation", () => {
  it("revoking the refresh token ends its sessions: API calls are auth errors and refresh is invalid_grant", async () => {
    const loginUrl = t.sandbox.urls.login;
    const tokens = await connect(loginUrl, DEMO_ADMIN_USERNAME);
    await revokeToken({ loginUrl, token: tokens.refreshToken as string });
    const client = new SalesforceClient({ instanceUrl: tokens.instanceUrl, accessToken: tokens.accessToken });
    const call = await rejection(client.limits());
    expect([call.status, call.code, call.kind]).toEqual([401, "INVALID_SESSION_ID", "auth"]);
    const refresh = await rejection(refreshAccessToken({ loginUrl, ...app, refreshToken: tokens.refreshToken as string }));
    expect([refresh.code, refresh.kind]).toEqual(["invalid_grant", "auth"]);
    const identity = await rejection(fetchIdentity({ idUrl: tokens.idUrl, accessToken: tokens.accessToken }));
    expect(identity.kind).toBe("auth");
  });
});
