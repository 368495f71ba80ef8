import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { disconnectIntegration } from "@/lib/integrations/disconnect-integration";
import { completeSalesforceConnect, type CompleteConnectDeps } from "@/lib/integrations/salesforce/complete-salesforce-connect";
import { SalesforceConnectError } from "@/lib/integrations/salesforce/connect-failures";
import { openSalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { salesforceRedirectUri } from "@/lib/integrations/salesforce/oauth-app";
import { salesforceClientFor } from "@/lib/integrations/salesforce/salesforce-client-for";
import { startSalesforceConnect } from "@/lib/integrations/salesforce/start-salesforce-connect";
import { SalesforceControlClient } from "@/lib/sandbox/salesforce/control-client";
import { DEMO_APP } from "@/lib/sandbox/salesforce/seed-demo";
import { createSalesforceSandbox, type SalesforceSandbox } from "@/lib/sandbox/salesforce/server";
import { isSalesforceApiError } from "@/lib/salesforce/errors";
import { createMember, createWorkspace, uid } from "@/tests/factories";

/**
 * Connecting Salesforce against the emulator over real HTTP: the whole web-server flow as the
 * browser and the callback do it (authorize page approved, callback parameters handed to
 * completeSalesforceConnect), on the production and the sandbox login hosts, and what is refused.
 */
let sandbox: SalesforceSandbox;
let control: SalesforceControlClient;

beforeAll(async () => {
  sandbox = await createSalesforceSandbox({ port: 0, seed: "demo", demoRedirectUris: [salesforceRedirectUri()] });
  control = new SalesforceControlClient({ baseUrl: sandbox.url });
  process.env.SALESFORCE_SANDBOX_URL = sandbox.url;
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.SALESFORCE_SANDBOX_URL;
  resetEnvCache();
  await sandbox?.close();
});

type Env = "production" | "sandbox";

/** An org of its own in the emulator (one org serves one workspace), with its admin. */
async function newOrg(environment: Env = "production") {
  const slug = `org-${uid()}`;
  const adminUsername = `admin@${slug}.example${environment === "sandbox" ? ".sandbox" : ""}`;
  const org = await control.addOrg({ slug, name: `Org ${slug}`, environment, adminUsername });
  return { ...org, adminUsername };
}

async function newTeam() {
  const ws = await createWorkspace();
  const owner = await createMember(ws.id, "OWNER");
  return { ws, owner };
}

/** The browser's part: the authorize page approved as `username`; returns the callback's parameters. */
async function approve(authorizeUrl: string, username: string, decision: "approve" | "deny" = "approve") {
  const url = new URL(authorizeUrl);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(username);
  const body = new URLSearchParams(url.searchParams);
  body.set("username", username);
  body.set("decision", decision);
  const res = await fetch(`${url.origin}${url.pathname}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(salesforceRedirectUri());
  return { state: location.searchParams.get("state"), code: location.searchParams.get("code"), error: location.searchParams.get("error") };
}

async function connect(team: Awaited<ReturnType<typeof newTeam>>, org: { adminUsername: string }, environment: Env = "production", deps: CompleteConnectDeps = {}) {
  const { authorizeUrl } = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment, emulator: true });
  const params = await approve(authorizeUrl, org.adminUsername);
  return completeSalesforceConnect({ actorUserId: team.owner.id, params }, deps);
}

async function refusal(promise: Promise<unknown>): Promise<SalesforceConnectError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SalesforceConnectError);
  return err as SalesforceConnectError;
}

describe("connecting Salesforce through the emulator's OAuth pages", () => {
  it("connects on the production login host with PKCE: org, user and sealed tokens stored, connected event recorded", async () => {
    const team = await newTeam();
    const org = await newOrg("production");
    const { authorizeUrl } = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment: "production", emulator: true });
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.url}/login/services/oauth2/authorize`);
    expect(url.searchParams.get("client_id")).toBe(DEMO_APP.clientId);
    expect(url.searchParams.get("scope")).toBe("api refresh_token");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("state")).toMatch(new RegExp(`^${team.ws.id}\\.[A-Za-z0-9_-]{43}$`));

    const params = await approve(authorizeUrl, org.adminUsername);
    const { integration, outcome, workspaceSlug } = await completeSalesforceConnect({ actorUserId: team.owner.id, params });

    expect(outcome).toBe("connected");
    expect(workspaceSlug).toBe(team.ws.slug);
    expect(integration).toMatchObject({
      provider: "SALESFORCE",
      status: "CONNECTED",
      remoteTenant: org.id,
      activeTenantKey: `SALESFORCE:${org.id}`,
      credentialHint: org.adminUsername,
      baseUrl: `${sandbox.url}/i/${org.slug}`,
      isSandbox: true,
      settings: { pushNew: true, updateExisting: true },
    });
    const credentials = openSalesforceCredentials(integration);
    expect(credentials).toMatchObject({ loginUrl: `${sandbox.url}/login`, environment: "production", emulator: true, instanceUrl: integration.baseUrl });
    expect(credentials.refreshToken).toBeTruthy();
    expect(integration.credentials).not.toContain(credentials.accessToken);
    expect(integration.credentials).not.toContain(credentials.refreshToken!);
    const events = await db().outboxEvent.findMany({ where: { aggregateId: integration.id } });
    expect(events.map((e) => [e.name, e.payload])).toEqual([
      ["ferry/integration.connected", { workspaceId: team.ws.id, integrationId: integration.id, provider: "SALESFORCE" }],
    ]);
    // The stored session works.
    const limits = await salesforceClientFor(integration).limits();
    expect(limits.DailyApiRequests.Max).toBeGreaterThan(0);
  });

  it("connects a sandbox org on the sandbox login host (test.salesforce.com), whose tokens refresh there", async () => {
    const team = await newTeam();
    const org = await newOrg("sandbox");
    const { integration } = await connect(team, org, "sandbox");
    const credentials = openSalesforceCredentials(integration);
    expect(credentials).toMatchObject({ loginUrl: `${sandbox.url}/test`, environment: "sandbox" });
    expect(integration.remoteTenant).toBe(org.id);

    await control.expireSessions(org.id);
    const client = salesforceClientFor(integration);
    await expect(client.limits()).resolves.toMatchObject({ DailyApiRequests: expect.any(Object) });
    const after = openSalesforceCredentials(await db().integration.findUniqueOrThrow({ where: { id: integration.id } }));
    expect(after.accessToken).not.toBe(credentials.accessToken);
    expect(after.refreshToken).toBe(credentials.refreshToken);
  });

  it("a production org is not offered on the sandbox login host", async () => {
    const team = await newTeam();
    const org = await newOrg("production");
    const { authorizeUrl } = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment: "sandbox", emulator: true });
    expect(await (await fetch(authorizeUrl)).text()).not.toContain(org.adminUsername);
  });
});

describe("what the callback refuses", () => {
  it("refuses a state Ferry did not issue, a tampered one and a missing one, and connects nothing", async () => {
    const team = await newTeam();
    const org = await newOrg();
    const { authorizeUrl } = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment: "production", emulator: true });
    const params = await approve(authorizeUrl, org.adminUsername);
    const tampered = `${params.state!.slice(0, -4)}AAAA`;

    for (const state of [tampered, `${team.ws.id}.not-a-state`, "<script>alert(1)</script>", null]) {
      const err = await refusal(completeSalesforceConnect({ actorUserId: team.owner.id, params: { ...params, state } }));
      expect(err.reason).toBe("invalid_state");
      expect(err.workspaceSlug).toBeNull();
    }
    expect(await db().integration.count({ where: { workspaceId: team.ws.id } })).toBe(0);
    // The real state still works once…
    await expect(completeSalesforceConnect({ actorUserId: team.owner.id, params })).resolves.toMatchObject({ outcome: "connected" });
    // …and only once.
    expect((await refusal(completeSalesforceConnect({ actorUserId: team.owner.id, params }))).reason).toBe("invalid_state");
  });

  it("refuses another user finishing someone else's sign-in, without burning it; nobody signed in is told to sign in", async () => {
    const team = await newTeam();
    const admin = await createMember(team.ws.id, "ADMIN");
    const org = await newOrg();
    const { authorizeUrl } = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment: "production", emulator: true });
    const params = await approve(authorizeUrl, org.adminUsername);

    const other = await refusal(completeSalesforceConnect({ actorUserId: admin.id, params }));
    expect(other).toMatchObject({ reason: "wrong_user", workspaceSlug: team.ws.slug });
    expect((await refusal(completeSalesforceConnect({ actorUserId: null, params }))).reason).toBe("signed_out");
    await expect(completeSalesforceConnect({ actorUserId: team.owner.id, params })).resolves.toMatchObject({ outcome: "connected" });
  });

  it("refuses a state older than 10 minutes, and it cannot be used afterwards either", async () => {
    const team = await newTeam();
    const org = await newOrg();
    const started = new Date();
    const { authorizeUrl, expiresAt } = await startSalesforceConnect(
      { workspaceId: team.ws.id, actorUserId: team.owner.id },
      { environment: "production", emulator: true },
      { now: () => started },
    );
    expect(expiresAt.getTime() - started.getTime()).toBe(10 * 60_000);
    const params = await approve(authorizeUrl, org.adminUsername);
    const late = () => new Date(started.getTime() + 10 * 60_000 + 1);
    expect((await refusal(completeSalesforceConnect({ actorUserId: team.owner.id, params }, { now: late }))).reason).toBe("expired");
    expect((await refusal(completeSalesforceConnect({ actorUserId: team.owner.id, params }))).reason).toBe("invalid_state");
    expect(await db().integration.count({ where: { workspaceId: team.ws.id } })).toBe(0);
  });

  it("refuses a member who is no longer owner or admin when Salesforce sends them back", async () => {
    const team = await newTeam();
    const org = await newOrg();
    const { authorizeUrl } = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment: "production", emulator: true });
    const params = await approve(authorizeUrl, org.adminUsername);
    await db().membership.updateMany({ where: { workspaceId: team.ws.id, userId: team.owner.id }, data: { role: "SUPPORT" } });
    expect((await refusal(completeSalesforceConnect({ actorUserId: team.owner.id, params }))).reason).toBe("forbidden");
    expect(await db().integration.count({ where: { workspaceId: team.ws.id } })).toBe(0);
  });

  it("says 'denied' when the admin chose Deny in Salesforce", async () => {
    const team = await newTeam();
    const org = await newOrg();
    const { authorizeUrl } = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment: "production", emulator: true });
    const params = await approve(authorizeUrl, org.adminUsername, "deny");
    expect(params).toMatchObject({ error: "access_denied", code: null });
    expect((await refusal(completeSalesforceConnect({ actorUserId: team.owner.id, params }))).reason).toBe("denied");
  });

  it("refuses an org already connected to another workspace, and ends the grant it was just given", async () => {
    const org = await newOrg();
    const first = await newTeam();
    await connect(first, org);
    const second = await newTeam();
    // OAuth endpoints are logged without an org (the login host serves every org).
    await control.clearLog();

    const err = await refusal(connect(second, org));
    expect(err).toMatchObject({ reason: "org_in_use", workspaceSlug: second.ws.slug });
    expect(await db().integration.count({ where: { workspaceId: second.ws.id } })).toBe(0);
    const log = await control.log();
    expect(log.filter((e) => e.path === "/login/services/oauth2/revoke" && e.status === 200)).toHaveLength(1);

    // Once the first workspace lets it go, the second may connect it.
    const live = await db().integration.findFirstOrThrow({ where: { workspaceId: first.ws.id } });
    await disconnectIntegration({ workspaceId: first.ws.id, integrationId: live.id });
    await expect(connect(second, org)).resolves.toMatchObject({ outcome: "connected" });
  });

  it("refuses a different org when the workspace is already connected", async () => {
    const team = await newTeam();
    await connect(team, await newOrg());
    expect((await refusal(connect(team, await newOrg()))).reason).toBe("different_org");
    expect(await db().integration.count({ where: { workspaceId: team.ws.id } })).toBe(1);
  });

  it("is refused by the emulator when the callback's code is replayed with another verifier (PKCE)", async () => {
    const team = await newTeam();
    const org = await newOrg();
    const first = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment: "production", emulator: true });
    const second = await startSalesforceConnect({ workspaceId: team.ws.id, actorUserId: team.owner.id }, { environment: "production", emulator: true });
    const a = await approve(first.authorizeUrl, org.adminUsername);
    const b = await approve(second.authorizeUrl, org.adminUsername);
    // A's code with B's state: B's verifier does not match A's challenge.
    const err = await refusal(completeSalesforceConnect({ actorUserId: team.owner.id, params: { ...b, code: a.code } }));
    expect(err.reason).toBe("exchange_failed");
    expect(await db().integration.count({ where: { workspaceId: team.ws.id } })).toBe(0);
  });
});

describe("sessions after connecting", () => {
  it("a revoked grant marks the integration 'needs attention'; reconnecting the same org resumes it (integration.resumed)", async () => {
    const team = await newTeam();
    const org = await newOrg();
    const { integration } = await connect(team, org);
    const credentials = openSalesforceCredentials(integration);
    const revoked = await fetch(`${credentials.loginUrl}/services/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: credentials.refreshToken! }),
    });
    expect(revoked.status).toBe(200);

    const err = await salesforceClientFor(integration)
      .limits()
      .then(() => null, (e: unknown) => e);
    expect(isSalesforceApiError(err) && err.kind).toBe("auth");
    const held = await db().integration.findUniqueOrThrow({ where: { id: integration.id } });
    expect(held.status).toBe("NEEDS_ATTENTION");
    expect(held.attentionReason).toMatch(/Reconnect Salesforce/);

    const again = await connect(team, org);
    expect(again.outcome).toBe("resumed");
    expect(again.integration).toMatchObject({ id: integration.id, status: "CONNECTED", attentionReason: null, attentionSince: null });
    const names = (await db().outboxEvent.findMany({ where: { aggregateId: integration.id }, orderBy: { id: "asc" } })).map((e) => e.name);
    expect(names).toEqual(["ferry/integration.connected", "ferry/integration.connected", "ferry/integration.resumed"]);
    await expect(salesforceClientFor(again.integration).limits()).resolves.toBeTruthy();
  });

  it("reconnecting a working integration replaces its grant and revokes the old refresh token", async () => {
    const team = await newTeam();
    const org = await newOrg();
    const { integration } = await connect(team, org);
    const old = openSalesforceCredentials(integration);
    const again = await connect(team, org);
    expect(again.outcome).toBe("reconnected");
    const next = openSalesforceCredentials(again.integration);
    expect(next.refreshToken).not.toBe(old.refreshToken);
    const refresh = await fetch(`${old.loginUrl}/services/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: old.refreshToken!, client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret }),
    });
    expect(refresh.status).toBe(400);
  });

  it("with refresh-token rotation, saves each rotated token, and processes refreshing together refresh once", async () => {
    const app = sandbox.store.apps.get(DEMO_APP.clientId)!;
    app.rotateRefreshTokens = true;
    try {
      const team = await newTeam();
      const org = await newOrg();
      const { integration } = await connect(team, org);
      const first = openSalesforceCredentials(integration);

      await control.expireSessions(org.id);
      await control.clearLog();
      // Two clients built from the same row (two functions at once) both meet the expired session.
      const [a, b] = [salesforceClientFor(integration), salesforceClientFor(integration)];
      await Promise.all([a.limits(), b.limits()]);
      const second = openSalesforceCredentials(await db().integration.findUniqueOrThrow({ where: { id: integration.id } }));
      expect(second.refreshToken).not.toBe(first.refreshToken);

      // Had the rotated token not been saved (or been used twice), the grant would be dead now.
      await control.expireSessions(org.id);
      await salesforceClientFor(await db().integration.findUniqueOrThrow({ where: { id: integration.id } })).limits();
      const third = openSalesforceCredentials(await db().integration.findUniqueOrThrow({ where: { id: integration.id } }));
      expect(third.refreshToken).not.toBe(second.refreshToken);
      expect((await db().integration.findUniqueOrThrow({ where: { id: integration.id } })).status).toBe("CONNECTED");
      // One refresh for the two clients that failed together, one for the later session.
      const refreshes = (await control.log()).filter((e) => e.path === "/login/services/oauth2/token");
      expect(refreshes.map((e) => e.status)).toEqual([200, 200]);
    } finally {
      app.rotateRefreshTokens = false;
    }
  });
});
