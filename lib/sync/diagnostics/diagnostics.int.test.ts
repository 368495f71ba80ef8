import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { listIntegrations } from "@/lib/integrations/list-integrations";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { getSandboxView } from "@/lib/integrations/vitally/sandbox-view";
import { disconnectIntegration } from "@/lib/integrations/disconnect-integration";
import { createRequest } from "@/lib/requests/create-request";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_EMAIL_DOMAINS, DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { getRequestSyncDiagnostics } from "@/lib/sync/diagnostics/get-request-sync-diagnostics";
import { requestSyncRetry } from "@/lib/sync/request-retry";
import { pushRequestToVitally } from "@/lib/sync/vitally/push-request-to-vitally";
import { recheckRequestLink } from "@/lib/sync/vitally/recheck-request-link";
import { createMember, createWorkspace, uid } from "@/tests/factories";

let sandbox: VitallySandbox;
let workspaceId: string;
let integrationId: string;

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo" });
  process.env.VITALLY_SANDBOX_URL = sandbox.url;
  resetEnvCache();
  const ws = await createWorkspace();
  workspaceId = ws.id;
  const owner = await createMember(ws.id, "OWNER");
  integrationId = (await connectVitally({ workspaceId, actorUserId: owner.id }, { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: DEMO_KEY })).id;
});
afterAll(() => sandbox?.close());

async function newRequest(email: string | null) {
  const { body } = await createRequest({
    workspaceId,
    data: { channel: "web", title: "SSO login loops", messageText: "After SSO we land on the login page again.", requestor: { name: "Sam", ...(email ? { email } : {}) } },
  });
  return body as { id: string; number: number };
}

describe("per-request diagnostics", () => {
  it("explains a request that did not sync, with the table row, the evidence and the fix", async () => {
    const request = await newRequest(DEMO_LINK_CASES.noOrgManyAccounts);
    await pushRequestToVitally({ workspaceId, requestId: request.id, integrationId, trigger: "test" });
    const [d] = await getRequestSyncDiagnostics({ workspaceId, requestId: request.id });
    expect(d).toMatchObject({ state: "SKIPPED", reasonCode: "user_in_several_accounts_no_org", isSandbox: true });
    expect(d!.decision!.row).toBe(6);
    expect(d!.linkingTable).toHaveLength(9);
    expect(d!.fix).toContain(DEMO_LINK_CASES.noOrgManyAccounts);
    expect(d!.decision!.evidence!.accounts.map((a) => a.name).every(Boolean)).toBe(true);
    expect(d!.recentAttempts[0]!.calls.length).toBeGreaterThan(0);
  });

  it("never shows another workspace's request", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    const other = await createWorkspace();
    expect(await getRequestSyncDiagnostics({ workspaceId: other.id, requestId: request.id })).toEqual([]);
  });
});

describe("Re-check now", () => {
  it("evaluates the rules against live Vitally and writes nothing", async () => {
    const email = `fresh.${uid()}@${DEMO_EMAIL_DOMAINS.oneAccount}`;
    const request = await newRequest(email);
    const control = new SandboxControlClient({ baseUrl: sandbox.url });
    const usersBefore = (await control.state(DEMO_KEY)).data.users?.length;
    const logsBefore = await db().syncLog.count({ where: { workspaceId } });
    const result = await recheckRequestLink({ workspaceId, requestId: request.id, integrationId });
    expect(result).toMatchObject({ wouldSync: true, reason: null });
    expect(result.evidence!.fallback!.wouldCreateIn).toMatchObject({ kind: "account" });
    expect((await control.state(DEMO_KEY)).data.users?.length).toBe(usersBefore);
    expect(await db().syncLog.count({ where: { workspaceId } })).toBe(logsBefore);
    expect(await db().requestSync.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("says why, in plain words, when the rules would not sync", async () => {
    const request = await newRequest(null);
    expect(await recheckRequestLink({ workspaceId, requestId: request.id, integrationId })).toMatchObject({ wouldSync: false, reason: "no_email" });
  });
});

describe("Retry sync", () => {
  it("queues one push per live destination through the outbox", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    expect(await requestSyncRetry({ workspaceId, requestId: request.id })).toEqual({ queued: 1 });
    const event = await db().outboxEvent.findFirstOrThrow({ where: { name: "ferry/sync.push-requested", aggregateId: request.id } });
    expect(event.payload).toMatchObject({ requestId: request.id, integrationId, provider: "VITALLY", trigger: "retry" });
  });

  it("is not found for another workspace's request", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    const other = await createWorkspace();
    await expect(requestSyncRetry({ workspaceId: other.id, requestId: request.id })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("integration cards and the sandbox view", () => {
  it("show state, switches and usage, never the key", async () => {
    const [card] = await listIntegrations({ workspaceId });
    expect(card).toMatchObject({ provider: "VITALLY", status: "CONNECTED", isSandbox: true, settings: { pushNewRequests: true, updateExistingRequests: true } });
    expect(card!.credentialHint).not.toContain(DEMO_KEY);
    expect(JSON.stringify(card)).not.toContain(DEMO_KEY);
    expect(card!.last24h.synced + card!.last24h.skipped).toBeGreaterThan(0);
  });

  it("lists the sandbox's organizations, accounts and the instances Ferry created", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await pushRequestToVitally({ workspaceId, requestId: request.id, integrationId, trigger: "test" });
    const integration = await db().integration.findUniqueOrThrow({ where: { id: integrationId } });
    const view = await getSandboxView(integration);
    expect(view.organizations.length).toBeGreaterThan(1);
    expect(view.accounts.length).toBeGreaterThan(1);
    const instance = view.instances.find((i) => i.name === `Ferry Request ID: ${request.number}`);
    expect(instance).toBeTruthy();
    expect(instance!.traits.find((t) => t.label === "Title")?.value).toBe("SSO login loops");
  });

  it("a disconnected integration disappears from the cards but keeps its history", async () => {
    const logs = await db().syncLog.count({ where: { integrationId } });
    await disconnectIntegration({ workspaceId, integrationId });
    expect(await listIntegrations({ workspaceId })).toEqual([]);
    expect(await db().syncLog.count({ where: { integrationId } })).toBe(logs);
  });
});
