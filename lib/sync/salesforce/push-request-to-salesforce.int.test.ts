import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isExternalApiError } from "@/lib/http/external-api-error";
import type { FetchFn } from "@/lib/http/outbound-fetch";
import { openSalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { createRequest } from "@/lib/requests/create-request";
import { updateRequest } from "@/lib/requests/update-request";
import { revokeToken } from "@/lib/salesforce/oauth";
import { DEMO_MATCH_CASES } from "@/lib/sandbox/salesforce/seed-demo";
import { heldPushes } from "@/lib/sync/plan-request-pushes";
import { releaseEndedPauses } from "@/lib/sync/release-ended-pauses";
import type { PushOutcome } from "@/lib/sync/request-push";
import { RequestBusyError } from "@/lib/sync/request-sync-lease";
import { ensureSalesforceSchema } from "@/lib/sync/salesforce/ensure-salesforce-schema";
import { pushRequestToSalesforce, type SalesforcePushDeps } from "@/lib/sync/salesforce/push-request-to-salesforce";
import { startTestOrg, type TestOrg } from "@/lib/sync/salesforce/salesforce-test-org";
import { createMember, createWorkspace, uid } from "@/tests/factories";

// The push against the emulator over real HTTP, through the integration's own credentials
// (refresh, rotation and revocation included), as production runs it.

let org: TestOrg;
let workspace: { id: string; slug: string };
let ownerId: string;
let integrationId: string;
const deps = (extra: SalesforcePushDeps = {}): SalesforcePushDeps => ({ policy: org.policy, appUrl: "https://ferry.test", ...extra });

beforeAll(async () => {
  org = await startTestOrg();
  workspace = await createWorkspace();
  ownerId = (await createMember(workspace.id, "OWNER")).id;
  integrationId = (await org.connect({ workspaceId: workspace.id, actorUserId: ownerId })).id;
  const setup = await ensureSalesforceSchema({ workspaceId: workspace.id, integrationId, trigger: "test" }, { policy: org.policy });
  expect(setup.object.exists).toBe(true);
});
afterAll(() => org?.close());

async function newRequest(requestor: { email?: string | null; company?: string }, extra: Record<string, unknown> = {}) {
  const { body } = await createRequest({
    workspaceId: workspace.id,
    data: {
      channel: "slack",
      title: `Export fails ${uid()}`,
      messageText: "The CSV export times out for large reports.",
      requestor: { name: "Jane Customer", ...(requestor.email ? { email: requestor.email } : {}), ...(requestor.company ? { company: requestor.company } : {}) },
      ...extra,
    },
  });
  return body as { id: string; number: number };
}

const push = (requestId: string, extra: SalesforcePushDeps = {}) =>
  pushRequestToSalesforce({ workspaceId: workspace.id, requestId, integrationId, trigger: "test" }, deps(extra));

async function recordsFor(requestId: string) {
  const state = await org.control.state(org.slug);
  return (state.records.Request__c ?? []).filter((r) => (r as { RequestId__c?: string }).RequestId__c === requestId) as Array<Record<string, unknown> & { Id: string }>;
}
async function recordOf(name: string, where: (r: Record<string, unknown>) => boolean) {
  const state = await org.control.state(org.slug);
  return (state.records[name] ?? []).find(where) as (Record<string, unknown> & { Id: string }) | undefined;
}
const syncOf = (requestId: string) => db().requestSync.findUniqueOrThrow({ where: { requestId_integrationId: { requestId, integrationId } } });
const integration = () => db().integration.findUniqueOrThrow({ where: { id: integrationId } });
const lastLog = (requestId: string) => db().syncLog.findFirstOrThrow({ where: { requestId, integrationId }, orderBy: { id: "desc" } });

/** Runs a push until it is not told the request is busy (what Inngest's retry does). */
async function pushUntilDone(requestId: string): Promise<PushOutcome> {
  for (;;) {
    try {
      return await push(requestId);
    } catch (err) {
      if (!(err instanceof RequestBusyError)) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe("a new request from a known Contact, then updates", () => {
  let request: { id: string; number: number };

  it("creates one Request__c linked to the Contact and its Account, in 2 calls (contact lookup + upsert)", async () => {
    request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    const outcome = await push(request.id);
    expect(outcome).toMatchObject({ status: "synced", changed: true, calls: 2 });
    const [record] = await recordsFor(request.id);
    const jane = await recordOf("Contact", (c) => c.Email === DEMO_MATCH_CASES.contactByEmail.email);
    const acme = await recordOf("Account", (a) => a.Name === "Acme Corp");
    expect(record).toMatchObject({ Account__c: acme!.Id, Requestor__c: jane!.Id, Status__c: "Open", Name: `#${request.number} ${String(record!.Title__c)}` });
    expect(record!.requestWebLink__c).toBe(`https://ferry.test/w/${workspace.slug}/requests/${request.number}`);
    expect(await syncOf(request.id)).toMatchObject({ state: "SYNCED", remoteId: record!.Id, remoteUserId: jane!.Id, remoteAccountId: acme!.Id, reasonCode: null });
    const log = await lastLog(request.id);
    expect(log).toMatchObject({ provider: "SALESFORCE", outcome: "SYNCED", remoteId: record!.Id });
    expect((log.calls as { method: string; path: string }[]).map((c) => c.method)).toEqual(["GET", "PATCH"]);
    expect(JSON.stringify({ ...log, id: String(log.id) })).not.toMatch(/Bearer|access_token|00D\w+!/);
  });

  it("an update is 1 call (one upsert) on the same record; an unchanged push is 0 calls", async () => {
    await updateRequest({ workspaceId: workspace.id, ref: request.id, data: { status: "closed", title: "Export fixed" } });
    const updated = await push(request.id);
    expect(updated).toMatchObject({ status: "synced", changed: true, calls: 1 });
    const records = await recordsFor(request.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ Status__c: "Closed", Title__c: "Export fixed" });
    expect(records[0]!.requestClosedAt__c).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    expect(await push(request.id)).toMatchObject({ status: "synced", changed: false, calls: 0 });
    expect(await recordsFor(request.id)).toHaveLength(1);
  });
});

describe("one record forever", () => {
  it("duplicate and concurrent events make one record", async () => {
    const request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => pushUntilDone(request.id)));
    expect(outcomes.filter((o) => o.status === "synced" && o.changed)).toHaveLength(1);
    expect(outcomes.every((o) => o.status === "synced")).toBe(true);
    expect(await recordsFor(request.id)).toHaveLength(1);
  });

  it("a create whose answer is lost is not duplicated: the retry upserts the same record", async () => {
    const request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    let dropped = 0;
    const losing: FetchFn = async (input, init) => {
      const res = await fetch(input, init);
      if (dropped === 0 && init?.method === "PATCH" && input.includes("/Request__c/RequestId__c/")) {
        dropped += 1;
        await res.text();
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      }
      return res;
    };
    const lost = await push(request.id, { fetch: losing }).catch((err: unknown) => err);
    expect(isExternalApiError(lost) && lost.retryable).toBe(true);
    expect(dropped).toBe(1);
    expect(await recordsFor(request.id)).toHaveLength(1);
    expect(await syncOf(request.id)).toMatchObject({ state: "PENDING", reasonCode: "destination_unavailable", remoteId: null });

    expect(await push(request.id)).toMatchObject({ status: "synced", changed: true });
    const records = await recordsFor(request.id);
    expect(records).toHaveLength(1);
    expect((await syncOf(request.id)).remoteId).toBe(records[0]!.Id);
  });

  it("a client passed in deps is used as is", async () => {
    const request = await newRequest({ email: "john.roe@acme-corp.example" });
    const client = await org.client();
    expect(await push(request.id, { client })).toMatchObject({ status: "synced", calls: 2 });
    expect(client.calls.map((c) => c.operation)).toEqual(["query", "Request__c.upsert"]);
  });
});

describe("matching outcomes in the push", () => {
  it("no account found: not synced, with the reason and the evidence; nothing written", async () => {
    const request = await newRequest({ email: DEMO_MATCH_CASES.domainNoAccount.email });
    expect(await push(request.id)).toMatchObject({ status: "skipped", reason: "no_account_for_domain" });
    expect(await recordsFor(request.id)).toHaveLength(0);
    const sync = await syncOf(request.id);
    expect(sync).toMatchObject({ state: "SKIPPED", reasonCode: "no_account_for_domain" });
    expect(sync.decision).toMatchObject({ destination: "SALESFORCE", linked: false, evidence: { path: "email_domain", domain: "unmatched.example" } });
    expect((await lastLog(request.id)).message).toContain("unmatched.example");
  });

  it("several accounts by workspace name: not synced, candidates kept for diagnostics", async () => {
    const request = await newRequest({ email: null, company: DEMO_MATCH_CASES.nameSeveralAccounts.workspaceName });
    expect(await push(request.id)).toMatchObject({ status: "skipped", reason: "several_accounts_named" });
    expect(((await syncOf(request.id)).decision as { candidates: unknown[] }).candidates).toHaveLength(2);
  });

  it("a new email at a known domain: the Contact is created once and reused by the next request", async () => {
    const email = `new.${uid()}@acme-corp.example`;
    const first = await newRequest({ email });
    expect(await push(first.id)).toMatchObject({ status: "synced", calls: 4 }); // contact?, account by domain, create Contact, upsert
    const second = await newRequest({ email });
    expect(await push(second.id)).toMatchObject({ status: "synced", calls: 1 }); // the recent link is reused
    const state = await org.control.state(org.slug);
    expect((state.records.Contact ?? []).filter((c) => (c as { Email?: string }).Email === email)).toHaveLength(1);
    expect((await syncOf(first.id)).remoteUserId).toBe((await syncOf(second.id)).remoteUserId);
  });
});

describe("a requestor without email (matched by workspace name)", () => {
  it("links to the one Account of that name with a name-only Contact; updates reuse the link until the workspace name changes", async () => {
    const request = await newRequest({ email: null, company: DEMO_MATCH_CASES.nameOneAccount.workspaceName });
    // Account by name, Contact by name in it, create the Contact, upsert.
    expect(await push(request.id)).toMatchObject({ status: "synced", calls: 4 });
    const initech = await recordOf("Account", (a) => a.Name === "Initech");
    expect((await recordsFor(request.id))[0]).toMatchObject({ Account__c: initech!.Id });
    await updateRequest({ workspaceId: workspace.id, ref: request.id, data: { urgency: "high" } });
    expect(await push(request.id)).toMatchObject({ status: "synced", calls: 1 });
    await updateRequest({ workspaceId: workspace.id, ref: request.id, data: { requestor: { company: DEMO_MATCH_CASES.nameSeveralAccounts.workspaceName } } });
    expect(await push(request.id)).toMatchObject({ status: "skipped", reason: "several_accounts_named" });
  });
});

describe("Salesforce's daily API limit", () => {
  afterEach(async () => {
    await org.control.setApiUsage(org.slug, { limit: null, used: 0 });
    await db().integration.update({ where: { id: integrationId }, data: { pausedUntil: null, pauseReason: null } });
  });

  it("at 90% used the integration pauses and holds pushes; when the pause ends they go out with the latest state", async () => {
    const synced = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    await org.control.setApiUsage(org.slug, { limit: 1000, used: 899 });
    // This push's one call (the requestor's link is reused) takes usage to 900 of 1000: it goes
    // through, and the integration pauses for the next ones.
    expect(await push(synced.id)).toMatchObject({ status: "synced", calls: 1 });
    const paused = await integration();
    expect(paused.pausedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(paused.pauseReason).toContain("900 of 1000 calls");

    const waiting = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    expect(await push(waiting.id)).toMatchObject({ status: "held", reason: "daily_limit_paused", calls: 0 });
    expect(await syncOf(waiting.id)).toMatchObject({ state: "HELD", reasonCode: "daily_limit_paused" });
    expect(await recordsFor(waiting.id)).toHaveLength(0);
    // A change while paused: held too, and costs no call.
    await updateRequest({ workspaceId: workspace.id, ref: synced.id, data: { title: "Changed while paused" } });
    expect(await push(synced.id)).toMatchObject({ status: "held", reason: "daily_limit_paused", calls: 0 });

    await org.control.setApiUsage(org.slug, { used: 0 });
    expect(await releaseEndedPauses({ trigger: "pause-ended" })).toEqual([]); // not yet
    const later = new Date(paused.pausedUntil!.getTime() + 1_000);
    const released = await releaseEndedPauses({ trigger: "pause-ended" }, { now: () => later });
    expect(released.map((p) => p.requestId)).toEqual(expect.arrayContaining([synced.id, waiting.id]));
    expect(await releaseEndedPauses({ trigger: "pause-ended" }, { now: () => later })).toEqual([]); // released once
    expect((await integration()).pausedUntil).toBeNull();
    for (const p of released) await push(p.requestId);
    expect((await recordsFor(synced.id))[0]).toMatchObject({ Title__c: "Changed while paused" });
    expect(await recordsFor(waiting.id)).toHaveLength(1);
  });

  it("crossing the threshold in the middle of matching holds the push before its next call", async () => {
    const request = await newRequest({ email: `new.${uid()}@acme-corp.example` });
    await org.control.setApiUsage(org.slug, { limit: 1000, used: 899 });
    expect(await push(request.id)).toMatchObject({ status: "held", reason: "daily_limit_paused", calls: 1 });
    expect((await lastLog(request.id)).message).toContain("Pushes resume after");
    expect(await recordsFor(request.id)).toHaveLength(0);
  });

  it("REQUEST_LIMIT_EXCEEDED pauses and holds too (never a lost update)", async () => {
    const request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    await org.control.setApiUsage(org.slug, { limit: 50, used: 50 });
    expect(await push(request.id)).toMatchObject({ status: "held", reason: "daily_limit_paused" });
    expect((await lastLog(request.id)).message).toContain("REQUEST_LIMIT_EXCEEDED");
    await org.control.setApiUsage(org.slug, { limit: null, used: 0 });
    await db().integration.update({ where: { id: integrationId }, data: { pausedUntil: new Date(Date.now() - 1) } });
    const released = await releaseEndedPauses({ trigger: "pause-ended" });
    expect(released.map((p) => p.requestId)).toContain(request.id);
    expect(await push(request.id)).toMatchObject({ status: "synced" });
    expect(await recordsFor(request.id)).toHaveLength(1);
  });
});

describe("sessions", () => {
  it("an expired session is refreshed transparently and the new token saved", async () => {
    const before = openSalesforceCredentials(await integration());
    await org.control.expireSessions(org.slug);
    const request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    expect(await push(request.id)).toMatchObject({ status: "synced" });
    const after = await integration();
    expect(after.status).toBe("CONNECTED");
    expect(openSalesforceCredentials(after).accessToken).not.toBe(before.accessToken);
    // The upsert (the requestor's link is reused): refused once, refreshed, sent again.
    expect(((await lastLog(request.id)).calls as { status: number }[]).map((c) => c.status)).toEqual([401, 201]);
  });

  it("a revoked grant: needs attention, pushes held; after reconnecting the held pushes go out", async () => {
    const credentials = openSalesforceCredentials(await integration());
    await revokeToken({ loginUrl: credentials.loginUrl, token: credentials.refreshToken! });
    const request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    const failed = await push(request.id).catch((err: unknown) => err);
    expect(isExternalApiError(failed) && failed.kind).toBe("auth");
    expect(await integration()).toMatchObject({ status: "NEEDS_ATTENTION" });
    expect(await syncOf(request.id)).toMatchObject({ state: "HELD", reasonCode: "credentials_rejected" });

    await updateRequest({ workspaceId: workspace.id, ref: request.id, data: { title: "Latest while revoked" } });
    expect(await push(request.id)).toMatchObject({ status: "held", reason: "integration_needs_attention", calls: 0 });

    await org.connect({ workspaceId: workspace.id, actorUserId: ownerId });
    expect((await integration()).status).toBe("CONNECTED");
    const pushes = await heldPushes({ workspaceId: workspace.id, integrationId, trigger: "integration.resumed" });
    expect(pushes.map((p) => p.requestId)).toContain(request.id);
    expect(await push(request.id)).toMatchObject({ status: "synced", changed: true });
    expect((await recordsFor(request.id))[0]).toMatchObject({ Title__c: "Latest while revoked" });
  });
});
