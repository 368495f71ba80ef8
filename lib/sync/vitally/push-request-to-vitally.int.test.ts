import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { updateVitallyCredentials, updateVitallySettings } from "@/lib/integrations/vitally/update-vitally-integration";
import { createRequest } from "@/lib/requests/create-request";
import { updateRequest } from "@/lib/requests/update-request";
import { addMessage } from "@/lib/requests/add-message";
import { upsertCustomField } from "@/lib/custom-fields/upsert-custom-field";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_EMAIL_DOMAINS, DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { RequestBusyError } from "@/lib/sync/request-sync-lease";
import { ensureVitallySchema } from "@/lib/sync/vitally/ensure-vitally-schema";
import { pushRequestToVitally, type PushOutcome } from "@/lib/sync/vitally/push-request-to-vitally";
import { readSchemaState } from "@/lib/sync/vitally/schema-state";
import { REQUEST_TRAIT_CATALOG } from "@/lib/vitally/request-traits";
import { createMember, createWorkspace, uid } from "@/tests/factories";

let sandbox: VitallySandbox;
let control: SandboxControlClient;
let workspace: { id: string; slug: string };
let integrationId: string;
const deps = () => ({ policy: { sandboxUrl: sandbox.url, extraAllowed: [] }, appUrl: "https://ferry.test" });

async function newRequest(email: string | null, extra: Record<string, unknown> = {}) {
  const { body } = await createRequest({
    workspaceId: workspace.id,
    data: {
      channel: "slack",
      title: `Export fails ${uid()}`,
      messageText: "The CSV export times out for large reports.",
      requestor: { name: "Jane Customer", ...(email ? { email } : {}) },
      ...extra,
    },
  });
  return body as { id: string; number: number };
}

const push = (requestId: string, trigger = "test") =>
  pushRequestToVitally({ workspaceId: workspace.id, requestId, integrationId, trigger }, deps());

async function instancesFor(requestId: string) {
  const all = await control.listCustomObjectInstances(DEMO_KEY);
  return all.filter((i) => i.externalId?.includes(requestId) && !i.archivedAt);
}

async function syncOf(requestId: string) {
  return db().requestSync.findUniqueOrThrow({ where: { requestId_integrationId: { requestId, integrationId } } });
}

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo" });
  control = new SandboxControlClient({ baseUrl: sandbox.url });
  const ws = await createWorkspace();
  workspace = ws;
  const owner = await createMember(ws.id, "OWNER");
  const integration = await connectVitally(
    { workspaceId: ws.id, actorUserId: owner.id },
    { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: `Basic ${Buffer.from(`${DEMO_KEY}:`).toString("base64")}` },
    deps(),
  );
  integrationId = integration.id;
});

afterAll(async () => {
  await sandbox?.close();
});

describe("the Ferry Requests custom object", () => {
  it("is created with every trait, and a second run creates nothing", async () => {
    const first = await ensureVitallySchema({ workspaceId: workspace.id, integrationId, trigger: "test" }, deps());
    expect(first.created).toBe(true);
    expect(first.traits.filter((t) => t.status === "ok").map((t) => t.label)).toEqual(REQUEST_TRAIT_CATALOG.map((t) => t.label));
    const second = await ensureVitallySchema({ workspaceId: workspace.id, integrationId, trigger: "test" }, deps());
    expect(second).toMatchObject({ created: false, added: [] });
    const objects = await control.listCustomObjects(DEMO_KEY);
    expect(objects.filter((o) => o.label === "Ferry Requests")).toHaveLength(1);
  });

  it("adds a trait for a custom field created later, and its value is pushed", async () => {
    await upsertCustomField({ workspaceId: workspace.id, key: "product", data: { name: "Product", kind: "category", type: "select", allowedValues: ["Reporting", "Billing"] } });
    const state = await ensureVitallySchema({ workspaceId: workspace.id, integrationId, trigger: "custom-field" }, deps());
    expect(state.added).toEqual(["Product"]);
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount, { customFields: { product: "Reporting" } });
    await push(request.id);
    const [instance] = await instancesFor(request.id);
    const path = readSchemaState((await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).schemaState).traits.find(
      (t) => t.key === "customField.product",
    )!.path!;
    expect(instance!.traits[path]).toBe("Reporting");
  });
});

describe("linking (the seed's table, row by row)", () => {
  const cases: [keyof typeof DEMO_LINK_CASES, "both" | "org" | "account" | "account+its-org" | string][] = [
    ["oneOrgOneAccount", "both"],
    ["oneOrgNoAccount", "org"],
    ["oneOrgManyAccounts", "org"],
    ["noOrgOneAccount", "account"],
    ["noOrgNoAccount", "user_in_no_org_or_account"],
    ["noOrgManyAccounts", "user_in_several_accounts_no_org"],
    ["manyOrgsOneAccount", "account+its-org"],
    ["manyOrgsNoAccount", "user_in_several_orgs_no_account"],
    ["manyOrgsManyAccounts", "user_in_several_orgs_and_accounts"],
  ];
  it.each(cases)("%s → %s", async (linkCase, expected) => {
    const request = await newRequest(DEMO_LINK_CASES[linkCase]);
    const outcome = await push(request.id);
    const sync = await syncOf(request.id);
    const instances = await instancesFor(request.id);
    if (["both", "org", "account", "account+its-org"].includes(expected)) {
      expect(outcome.status).toBe("synced");
      expect(instances).toHaveLength(1);
      const [instance] = instances;
      expect(instance!.name).toBe(`Ferry Request ID: ${request.number}`);
      expect(Boolean(instance!.organizationId)).toBe(expected !== "account");
      expect(Boolean(instance!.customerId)).toBe(expected !== "org");
      expect(sync).toMatchObject({ state: "SYNCED", remoteId: instance!.id, remoteAccountId: instance!.customerId, remoteOrganizationId: instance!.organizationId });
      if (expected === "account+its-org") {
        // Row 7: the organization is the one the account belongs to.
        const accounts = await control.listAccounts(DEMO_KEY);
        expect(instance!.organizationId).toBe(accounts.find((a) => a.id === instance!.customerId)!.organizationId);
      }
    } else {
      expect(outcome).toMatchObject({ status: "skipped", reason: expected });
      expect(instances).toHaveLength(0);
      expect(sync).toMatchObject({ state: "SKIPPED", reasonCode: expected });
      const log = await db().syncLog.findFirstOrThrow({ where: { requestId: request.id }, orderBy: { id: "desc" } });
      expect(log).toMatchObject({ outcome: "SKIPPED", reasonCode: expected });
      expect((log.decision as { evidence: { user: { email: string } } }).evidence.user.email).toBe(DEMO_LINK_CASES[linkCase]);
    }
  });

  it("creates an unknown requestor in the one account whose users share the domain", async () => {
    const email = `new.person.${uid()}@${DEMO_EMAIL_DOMAINS.oneAccount}`;
    const request = await newRequest(email);
    const outcome = await push(request.id);
    expect(outcome.status).toBe("synced");
    const sync = await syncOf(request.id);
    const users = (await control.state(DEMO_KEY)).data.users ?? [];
    const created = users.find((u) => u.email === email);
    expect(created).toBeTruthy();
    expect(created!.accountIds).toEqual([sync.remoteAccountId]);
    expect(sync.remoteUserId).toBe(created!.id);
  });

  it("does not guess when the domain points at several customers", async () => {
    const request = await newRequest(`someone.${uid()}@${DEMO_EMAIL_DOMAINS.severalAccounts}`);
    const outcome = await push(request.id);
    expect(outcome).toMatchObject({ status: "skipped", reason: "domain_ambiguous" });
    const sync = await syncOf(request.id);
    expect((sync.decision as { candidates: unknown[] }).candidates.length).toBeGreaterThan(1);
  });

  it("does not sync a requestor without an email, or a domain that matches nothing", async () => {
    expect(await push((await newRequest(null)).id)).toMatchObject({ status: "skipped", reason: "no_email" });
    expect(await push((await newRequest(`x.${uid()}@${DEMO_EMAIL_DOMAINS.noUsers}`)).id)).toMatchObject({
      status: "skipped",
      reason: "domain_matches_nothing",
    });
  });
});

describe("gates", () => {
  it("never pushes a request created before the integration was connected", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await db().request.update({ where: { id: request.id }, data: { receivedAt: new Date("2020-01-01T00:00:00Z") } });
    expect(await push(request.id)).toMatchObject({ status: "skipped", reason: "created_before_integration" });
    expect(await instancesFor(request.id)).toHaveLength(0);
  });

  it("honours both switches", async () => {
    const synced = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await push(synced.id);
    await updateVitallySettings({ workspaceId: workspace.id, integrationId }, { pushNewRequests: false, updateExistingRequests: false });
    try {
      const fresh = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
      expect(await push(fresh.id)).toMatchObject({ status: "skipped", reason: "push_new_disabled" });
      await updateRequest({ workspaceId: workspace.id, ref: synced.id, data: { status: "in_progress" } });
      expect(await push(synced.id)).toMatchObject({ status: "skipped", reason: "update_existing_disabled" });
    } finally {
      await updateVitallySettings({ workspaceId: workspace.id, integrationId }, { pushNewRequests: true, updateExistingRequests: true });
    }
  });
});

describe("create once, update in place", () => {
  it("spends ≤ 3 calls on a new request from a known user and 1 on an update; nothing when unchanged", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    const created = (await push(request.id)) as Extract<PushOutcome, { status: "synced" }>;
    expect(created.calls).toBeLessThanOrEqual(3);
    await updateRequest({ workspaceId: workspace.id, ref: request.id, data: { status: "closed", csat: { rating: 5, comment: "Quick fix" } } });
    const updated = (await push(request.id)) as Extract<PushOutcome, { status: "synced" }>;
    expect(updated).toMatchObject({ calls: 1, changed: true });
    expect(await push(request.id)).toMatchObject({ status: "synced", calls: 0, changed: false });
    const [instance] = await instancesFor(request.id);
    const statusPath = readSchemaState((await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).schemaState).traits.find(
      (t) => t.key === "status",
    )!.path!;
    expect(instance!.traits[statusPath]).toBe("Closed");
  });

  it("reuses a requestor's fresh link for their next request: one call", async () => {
    const email = DEMO_LINK_CASES.oneOrgNoAccount;
    await push((await newRequest(email)).id);
    const second = (await push((await newRequest(email)).id)) as Extract<PushOutcome, { status: "synced" }>;
    expect(second).toMatchObject({ status: "synced", calls: 1 });
  });

  it("pushes thread changes too", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await push(request.id);
    await addMessage({
      workspaceId: workspace.id,
      ref: request.id,
      data: { thread: "customer", author: { type: "customer", name: "Jane Customer" }, text: "Any news on this?" },
    });
    expect(await push(request.id)).toMatchObject({ status: "synced", changed: true, calls: 1 });
    const [instance] = await instancesFor(request.id);
    expect(JSON.stringify(instance!.traits)).toContain("Any news on this?");
  });

  it("never makes two instances under concurrent pushes", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => push(request.id)));
    const busy = results.filter((r) => r.status === "rejected" && r.reason instanceof RequestBusyError);
    expect(results.filter((r) => r.status === "fulfilled").length + busy.length).toBe(6);
    for (let i = 0; i < busy.length; i++) await push(request.id); // what the orchestrator's retry does
    expect(await instancesFor(request.id)).toHaveLength(1);
  });

  it("finds the instance a lost response already created instead of creating a second", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await push(request.id);
    // As if the create succeeded in Vitally but Ferry never heard back.
    await db().requestSync.update({
      where: { requestId_integrationId: { requestId: request.id, integrationId } },
      data: { remoteId: null, lastSentHash: null, state: "PENDING" },
    });
    await updateRequest({ workspaceId: workspace.id, ref: request.id, data: { urgency: "high" } });
    expect((await push(request.id)).status).toBe("synced");
    expect(await instancesFor(request.id)).toHaveLength(1);
  });
});

describe("tenancy", () => {
  it("refuses to connect a Vitally instance another workspace already uses", async () => {
    const other = await createWorkspace();
    const owner = await createMember(other.id, "OWNER");
    await expect(
      connectVitally({ workspaceId: other.id, actorUserId: owner.id }, { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: DEMO_KEY }, deps()),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("ignores a request or integration of another workspace", async () => {
    const other = await createWorkspace();
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    expect(await pushRequestToVitally({ workspaceId: other.id, requestId: request.id, integrationId, trigger: "test" }, deps())).toEqual({
      status: "gone",
    });
  });
});

describe("failures lose and duplicate nothing", () => {
  async function pushUntilDone(requestId: string, max = 20) {
    const errors: string[] = [];
    for (let i = 0; i < max; i++) {
      try {
        return { outcome: await push(requestId), errors };
      } catch (err) {
        if (!isExternalApiError(err) || !err.retryable) throw err;
        errors.push(err.kind);
      }
    }
    throw new Error(`not done after ${max} attempts: ${errors.join(",")}`);
  }

  it("a 429 storm is retried after the time Vitally asks, then lands once", async () => {
    const request = await newRequest(DEMO_LINK_CASES.noOrgOneAccount);
    await control.setFaults(DEMO_KEY, { rateLimitBurst: { next: 3, retryAfterSeconds: 7 } });
    let first: unknown;
    try {
      await push(request.id);
    } catch (err) {
      first = err;
    }
    expect(isExternalApiError(first) && first.kind === "rate_limited" && first.retryAfterMs).toBe(7000);
    const { outcome, errors } = await pushUntilDone(request.id);
    expect(outcome.status).toBe("synced");
    expect(errors.every((k) => k === "rate_limited")).toBe(true);
    expect(await instancesFor(request.id)).toHaveLength(1);
    const failedLogs = await db().syncLog.count({ where: { requestId: request.id, outcome: "FAILED", reasonCode: "rate_limited" } });
    expect(failedLogs).toBe(3);
  });

  it("a create Ferry's own budget refused was never sent: the retry creates without looking first", async () => {
    await push((await newRequest(DEMO_LINK_CASES.oneOrgOneAccount)).id); // the requestor's link is now fresh
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    const refused = await pushRequestToVitally({ workspaceId: workspace.id, requestId: request.id, integrationId, trigger: "test" }, { ...deps(), budgetLimit: 1 }).catch(
      (err: unknown) => err,
    );
    expect(isExternalApiError(refused) && refused.kind).toBe("rate_limited");
    expect((await syncOf(request.id)).createSentAt).toBeNull();
    const outcome = await push(request.id);
    expect(outcome).toMatchObject({ status: "synced", calls: 1 });
    expect((await syncOf(request.id)).createSentAt).not.toBeNull();
    expect(await instancesFor(request.id)).toHaveLength(1);
  });

  it("5xx, timeouts and dropped connections are retried until the push lands, once", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await control.setFaults(DEMO_KEY, { serverErrors: { next: 2, status: 503 }, drops: { next: 1 } });
    const { outcome, errors } = await pushUntilDone(request.id);
    await control.clearFaults(DEMO_KEY);
    expect(outcome.status).toBe("synced");
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(await instancesFor(request.id)).toHaveLength(1);
  });

  it("a revoked key marks the integration as needing attention, holds pushes, and resumes with new credentials", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await control.revokeKey(DEMO_KEY);
    await expect(push(request.id)).rejects.toMatchObject({ kind: "auth" });
    const integration = await db().integration.findUniqueOrThrow({ where: { id: integrationId } });
    expect(integration.status).toBe("NEEDS_ATTENTION");
    expect(await push(request.id)).toMatchObject({ status: "held", reason: "integration_needs_attention" });
    expect((await syncOf(request.id)).state).toBe("HELD");

    const newKey = `sk_live_rotated_${uid()}`;
    await control.addKey({ key: newKey, subdomain: DEMO_SUBDOMAIN });
    const { resumed } = await updateVitallyCredentials(
      { workspaceId: workspace.id, integrationId },
      { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: newKey },
      deps(),
    );
    expect(resumed).toBe(true);
    const resumedEvent = await db().outboxEvent.findFirst({ where: { name: "ferry/integration.resumed", aggregateId: integrationId } });
    expect(resumedEvent).toBeTruthy();
    expect((await push(request.id)).status).toBe("synced");
    expect(await instancesFor(request.id)).toHaveLength(1);
  });
});

describe("settings", () => {
  it("a partial settings update changes only the keys it names", async () => {
    await updateVitallySettings({ workspaceId: workspace.id, integrationId }, { syncConversations: true, defaultAdminEmail: "ada@ferry-demo.test" });
    const updated = await updateVitallySettings({ workspaceId: workspace.id, integrationId }, { pushNewRequests: false });
    expect(updated.settings).toMatchObject({ pushNewRequests: false, syncConversations: true, defaultAdminEmail: "ada@ferry-demo.test", updateExistingRequests: true });
    await updateVitallySettings({ workspaceId: workspace.id, integrationId }, { pushNewRequests: true, syncConversations: false, defaultAdminEmail: null });
  });
});
