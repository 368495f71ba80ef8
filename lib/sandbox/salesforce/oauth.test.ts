import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_USERNAME, DEMO_APP, DEMO_ORG_SLUG, DEMO_SANDBOX_ORG_SLUG } from "./seed-demo";
import { REDIRECT_URI, RestClient, approve, form, http, startSandbox, verifier, type TestSandbox } from "./test-helpers";

// Reference §2 (OAuth 2.0 web-server flow), §2.7 (expired session shape), §6 #1–#5.

describe("OAuth web-server flow", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const authorizeParams = (extra: Record<string, string> = {}) => ({
    response_type: "code",
    client_id: DEMO_APP.clientId,
    redirect_uri: REDIRECT_URI,
    scope: "api refresh_token",
    state: "xyz",
    ...extra,
  });

  it("GET authorize shows an HTML page with an Allow (approve) button and the host's users (§2.3)", async () => {
    const res = await http(`${t.sandbox.urls.login}/services/oauth2/authorize?${new URLSearchParams(authorizeParams())}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text).toContain('value="approve"');
    expect(res.text).toContain(DEMO_ADMIN_USERNAME);
    // The production login host does not offer the sandbox org's users.
    expect(res.text).not.toContain("example.sandbox");
  });

  it("an unknown client or a redirect_uri that does not match gets an error page, never a redirect", async () => {
    const badClient = await http(`${t.sandbox.urls.login}/services/oauth2/authorize?${new URLSearchParams(authorizeParams({ client_id: "nope" }))}`);
    expect(badClient.status).toBe(400);
    expect(badClient.text).toContain("invalid_client_id");
    const badRedirect = await http(`${t.sandbox.urls.login}/services/oauth2/authorize?${new URLSearchParams(authorizeParams({ redirect_uri: "http://evil.test/cb" }))}`);
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.text).toContain("redirect_uri_mismatch");
    expect(badRedirect.headers.get("location")).toBeNull();
  });

  it("Deny redirects with error=access_denied and the state (§2.3)", async () => {
    const res = await http(`${t.sandbox.urls.login}/services/oauth2/authorize`, form({ ...authorizeParams(), username: DEMO_ADMIN_USERNAME, decision: "deny" }));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("xyz");
  });

  it("the code exchange returns every field jsforce needs; signature = HMAC-SHA256(id + issued_at) (§2.4)", async () => {
    const token = await t.connect();
    expect(Object.keys(token).sort()).toEqual(["access_token", "id", "instance_url", "issued_at", "refresh_token", "scope", "signature", "token_type"]);
    expect(token.token_type).toBe("Bearer");
    expect(token.scope).toBe("api refresh_token");
    expect(typeof token.issued_at).toBe("string");
    expect(token.issued_at).toMatch(/^\d{13}$/);
    expect(token.instance_url).toBe(t.sandbox.urls.instance(DEMO_ORG_SLUG));
    const org = t.sandbox.store.findOrg(DEMO_ORG_SLUG);
    expect(token.id).toMatch(new RegExp(`^${t.sandbox.urls.login}/id/${org?.id}/005[A-Za-z0-9]{15}$`));
    expect(token.access_token.startsWith(`${org?.id.slice(0, 15)}!`)).toBe(true);
    const expected = createHmac("sha256", DEMO_APP.clientSecret).update(token.id + token.issued_at).digest("base64");
    expect(token.signature).toBe(expected);
    // No expires_in: expiry is discovered by the 401.
    expect(token).not.toHaveProperty("expires_in");
  });

  it("the identity URL answers for the token's user", async () => {
    const token = await t.connect();
    const res = await http(token.id, { headers: { Authorization: `Bearer ${token.access_token}` } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: DEMO_ADMIN_USERNAME, organization_id: t.sandbox.store.findOrg(DEMO_ORG_SLUG)?.id });
  });

  it("no refresh_token without the refresh_token scope", async () => {
    const token = await t.connect({ scope: "api" });
    expect(token.refresh_token).toBeUndefined();
  });

  it("a code works once, only with the same redirect_uri and the right secret", async () => {
    const base = t.sandbox.urls.login;
    const code = (await approve(base, authorizeParams(), DEMO_ADMIN_USERNAME)).get("code") ?? "";
    const exchange = (extra: Record<string, string>) =>
      http(`${base}/services/oauth2/token`, form({ grant_type: "authorization_code", code, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, redirect_uri: REDIRECT_URI, ...extra }));
    const wrongSecret = await exchange({ client_secret: "wrong" });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body).toEqual({ error: "invalid_client", error_description: "invalid client credentials" });
    expect((await exchange({})).status).toBe(200);
    const again = await exchange({});
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");

    const code2 = (await approve(base, authorizeParams(), DEMO_ADMIN_USERNAME)).get("code") ?? "";
    const otherRedirect = await http(
      `${base}/services/oauth2/token`,
      form({ grant_type: "authorization_code", code: code2, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, redirect_uri: "http://ferry.test/other" }),
    );
    expect(otherRedirect.status).toBe(400);
  });

  it("PKCE: a 171-char verifier works; a wrong verifier → invalid_request; none → invalid_grant (§2.3)", async () => {
    const v = verifier();
    expect(v).toHaveLength(171);
    const token = await t.connect({ codeVerifier: v });
    expect(token.access_token).toBeTruthy();

    const base = t.sandbox.urls.login;
    const { pkceChallenge } = await import("./oauth");
    for (const [sent, error] of [
      [verifier(), "invalid_request"],
      [undefined, "invalid_grant"],
    ] as const) {
      const code = (await approve(base, authorizeParams({ code_challenge: pkceChallenge(v) }), DEMO_ADMIN_USERNAME)).get("code") ?? "";
      const res = await http(
        `${base}/services/oauth2/token`,
        form({ grant_type: "authorization_code", code, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, redirect_uri: REDIRECT_URI, code_verifier: sent }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(error);
    }
  });

  it("refresh returns a new access token without a refresh_token; the new token works at once (§2.5)", async () => {
    const token = await t.connect();
    const res = await http(
      `${t.sandbox.urls.login}/services/oauth2/token`,
      form({ grant_type: "refresh_token", refresh_token: token.refresh_token, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret }),
    );
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.body.access_token).not.toBe(token.access_token);
    expect(res.body.instance_url).toBe(token.instance_url);
    const api = new RestClient(res.body.instance_url, res.body.access_token);
    expect((await api.get("/limits")).status).toBe(200);
  });

  it("strict: a refresh carrying a code_verifier is rejected (§2.8 OBS)", async () => {
    const token = await t.connect();
    const res = await http(
      `${t.sandbox.urls.login}/services/oauth2/token`,
      form({ grant_type: "refresh_token", refresh_token: token.refresh_token, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, code_verifier: verifier() }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: "invalid_request", error_description: "unexpected code verifier" });
  });

  it("login vs test hosts: a sandbox refresh token does not work at the production host (§1 #9, §6 #3)", async () => {
    const token = await t.connect({ loginHost: "test" });
    expect(token.instance_url).toBe(t.sandbox.urls.instance(DEMO_SANDBOX_ORG_SLUG));
    expect(token.id.startsWith(`${t.sandbox.urls.test}/id/`)).toBe(true);
    const refresh = (base: string) =>
      http(`${base}/services/oauth2/token`, form({ grant_type: "refresh_token", refresh_token: token.refresh_token, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret }));
    const wrong = await refresh(t.sandbox.urls.login);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: "invalid_grant", error_description: "expired access/refresh token" });
    expect((await refresh(t.sandbox.urls.test)).status).toBe(200);
  });

  it("the Host header picks the login host too (login.salesforce.com / test.salesforce.com style)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port: t.sandbox.port, path: `/services/oauth2/authorize?${new URLSearchParams(authorizeParams())}`, headers: { Host: "test.salesforce.com" } },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve(text.includes("example.sandbox") && !text.includes(`${DEMO_ADMIN_USERNAME} `) ? res.statusCode ?? 0 : -1));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it("revoking the refresh token kills it and its access tokens: REST 401 INVALID_SESSION_ID (§2.6, §2.7)", async () => {
    const token = await t.connect();
    const api = new RestClient(token.instance_url, token.access_token);
    expect((await api.get("/limits")).status).toBe(200);
    const revoke = await http(`${t.sandbox.urls.login}/services/oauth2/revoke`, form({ token: token.refresh_token }));
    expect(revoke.status).toBe(200);
    const after = await api.get("/limits");
    expect(after.status).toBe(401);
    expect(after.body).toEqual([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
    const refresh = await http(
      `${t.sandbox.urls.login}/services/oauth2/token`,
      form({ grant_type: "refresh_token", refresh_token: token.refresh_token, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret }),
    );
    expect(refresh.body).toEqual({ error: "invalid_grant", error_description: "expired access/refresh token" });
  });

  it("expired sessions answer 401 INVALID_SESSION_ID; a refresh fixes it (§2.7, §6 #5)", async () => {
    const token = await t.connect();
    const api = new RestClient(token.instance_url, token.access_token);
    expect(await t.control.expireSessions(DEMO_ORG_SLUG)).toBeGreaterThan(0);
    const expired = await api.get("/sobjects/Account/describe");
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
    const res = await http(
      `${t.sandbox.urls.login}/services/oauth2/token`,
      form({ grant_type: "refresh_token", refresh_token: token.refresh_token, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret }),
    );
    api.accessToken = res.body.access_token;
    expect((await api.get("/sobjects/Account/describe")).status).toBe(200);
  });

  it("a token used on another org's instance is an invalid session; an `id`-only scope is not valid for REST", async () => {
    const token = await t.connect();
    const wrongInstance = new RestClient(t.sandbox.urls.instance(DEMO_SANDBOX_ORG_SLUG), token.access_token);
    expect((await wrongInstance.get("/limits")).body[0].errorCode).toBe("INVALID_SESSION_ID");
    const idOnly = await t.connect({ scope: "id" });
    const res = await new RestClient(idOnly.instance_url, idOnly.access_token).get("/limits");
    expect(res.status).toBe(401);
    expect(res.body).toEqual([{ message: "This session is not valid for use with the REST API", errorCode: "INVALID_SESSION_ID" }]);
  });
});

describe("refresh-token rotation (§2.1, §2.5)", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
    await t.control.addApp({ clientId: "rotating", clientSecret: "rotating-secret", redirectUris: [REDIRECT_URI], rotateRefreshTokens: true });
  });
  afterAll(() => t.close());

  it("each refresh returns a new refresh token; reusing an old one also kills the new one", async () => {
    const token = await t.connect({ clientId: "rotating", clientSecret: "rotating-secret" });
    const refresh = (rt: string | undefined) =>
      http(`${t.sandbox.urls.login}/services/oauth2/token`, form({ grant_type: "refresh_token", refresh_token: rt, client_id: "rotating", client_secret: "rotating-secret" }));
    const first = await refresh(token.refresh_token);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTruthy();
    expect(first.body.refresh_token).not.toBe(token.refresh_token);
    const reuse = await refresh(token.refresh_token);
    expect(reuse.body.error).toBe("invalid_grant");
    const successor = await refresh(first.body.refresh_token);
    expect(successor.body.error).toBe("invalid_grant");
  });
});

describe("lenient mode (strictness.ts)", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ strict: false });
  });
  afterAll(() => t.close());

  it("accepts a refresh that carries a code_verifier", async () => {
    const token = await t.connect();
    const res = await http(
      `${t.sandbox.urls.login}/services/oauth2/token`,
      form({ grant_type: "refresh_token", refresh_token: token.refresh_token, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, code_verifier: verifier() }),
    );
    expect(res.status).toBe(200);
    expect(res.body.access_token).toBeTruthy();
  });
});
