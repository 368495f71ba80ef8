import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createRequest } from "@/lib/requests/create-request";
import { DEMO_MATCH_CASES } from "@/lib/sandbox/salesforce/seed-demo";
import { getRequestSyncDiagnostics } from "@/lib/sync/diagnostics/get-request-sync-diagnostics";
import { recheckRequestSync } from "@/lib/sync/recheck-request-sync";
import { requestSyncRetry } from "@/lib/sync/request-retry";
import { ensureSalesforceSchema } from "@/lib/sync/salesforce/ensure-salesforce-schema";
import { pushRequestToSalesforce } from "@/lib/sync/salesforce/push-request-to-salesforce";
import { startTestOrg, type TestOrg } from "@/lib/sync/salesforce/salesforce-test-org";
import { createMember, createWorkspace, uid } from "@/tests/factories";

// The request page's Salesforce diagnostics, Re-check now (no writes) and Retry, against the emulator.

let org: TestOrg;
let workspaceId: string;
let integrationId: string;

beforeAll(async () => {
  org = await startTestOrg();
  const ws = await createWorkspace();
  workspaceId = ws.id;
  const owner = await createMember(ws.id, "OWNER");
  integrationId = (await org.connect({ workspaceId, actorUserId: owner.id })).id;
  await ensureSalesforceSchema({ workspaceId, integrationId, trigger: "test" }, { policy: org.policy });
});
afterAll(() => org?.close());

async function newRequest(requestor: { email?: string | null; company?: string }) {
  const { body } = await createRequest({
    workspaceId,
    data: {
      channel: "slack",
      title: `SSO login loops ${uid()}`,
      messageText: "After SSO we land on the login page again.",
      requestor: { name: "Sam Requestor", ...(requestor.email ? { email: requestor.email } : {}), ...(requestor.company ? { company: requestor.company } : {}) },
    },
  });
  return body as { id: string; number: number };
}
const push = (requestId: string) => pushRequestToSalesforce({ workspaceId, requestId, integrationId, trigger: "test" }, { policy: org.policy, appUrl: "https://ferry.test" });
const diagnostics = async (requestId: string) => (await getRequestSyncDiagnostics({ workspaceId, requestId })).find((d) => d.integrationId === integrationId)!;

describe("diagnostics for Salesforce", () => {
  it("a request that did not sync: the reason in words with the fix, the matching path with its evidence, the calls", async () => {
    const request = await newRequest({ email: DEMO_MATCH_CASES.domainNoAccount.email });
    await push(request.id);
    const d = await diagnostics(request.id);
    expect(d).toMatchObject({ provider: "SALESFORCE", state: "SKIPPED", reasonCode: "no_account_for_domain", title: "No Account found", decision: null, linkingTable: [] });
    expect(d.explanation).toContain("@unmatched.example");
    expect(d.fix).toContain(DEMO_MATCH_CASES.domainNoAccount.email!);
    expect(d.salesforce!.matchingRules.map((r) => r.path)).toEqual(["contact_by_email", "email_domain", "workspace_name"]);
    expect(d.salesforce!.decision).toMatchObject({ destination: "SALESFORCE", linked: false, evidence: { path: "email_domain", domain: "unmatched.example" } });
    expect(d.salesforce!.decision!.evidence!.steps.map((s) => [s.rule, s.found.length])).toEqual([
      ["contact_by_email", 0],
      ["account_by_email_domain", 0],
    ]);
    expect(d.recentAttempts[0]!.calls.map((c) => c.method)).toEqual(["GET", "GET"]);
  });

  it("several Accounts: the candidates are named in the explanation", async () => {
    const request = await newRequest({ email: DEMO_MATCH_CASES.domainSeveralAccounts.email });
    await push(request.id);
    const d = await diagnostics(request.id);
    expect(d.reasonCode).toBe("several_accounts_for_domain");
    expect(d.explanation).toContain("Globex Cloud, Globex Labs");
  });

  it("a synced request: the Contact and Account it is linked to; no Salesforce UI link on the emulator", async () => {
    const request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    await push(request.id);
    const d = await diagnostics(request.id);
    expect(d).toMatchObject({ state: "SYNCED", title: "Synced to Salesforce", isSandbox: true });
    expect(d.salesforce).toMatchObject({ recordUrl: null, pause: null, decision: { linked: true, evidence: { path: "contact_by_email", contact: { name: "Jane Doe" } } } });
    expect(d.salesforce!.accountId).toMatch(/^001/);
    expect(d.salesforce!.contactId).toMatch(/^003/);
  });

  it("a pause for the daily limit is shown with its reason", async () => {
    const until = new Date(Date.now() + 10 * 60_000);
    await db().integration.update({ where: { id: integrationId }, data: { pausedUntil: until, pauseReason: "Salesforce API usage is 900 of 1000 calls" } });
    const request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    await push(request.id);
    const d = await diagnostics(request.id);
    expect(d).toMatchObject({ state: "HELD", reasonCode: "daily_limit_paused", salesforce: { pause: { until: until.toISOString(), reason: "Salesforce API usage is 900 of 1000 calls" } } });
    await db().integration.update({ where: { id: integrationId }, data: { pausedUntil: null, pauseReason: null } });
  });
});

describe("Re-check now (Salesforce)", () => {
  it("evaluates the rules against the org and writes nothing: says where the Contact would be created", async () => {
    const email = `fresh.${uid()}@acme-corp.example`;
    const request = await newRequest({ email });
    const contactsBefore = (await org.control.state(org.slug)).records.Contact?.length;
    const logsBefore = await db().syncLog.count({ where: { workspaceId } });
    const result = await recheckRequestSync({ workspaceId, requestId: request.id, integrationId });
    expect(result).toMatchObject({ provider: "SALESFORCE", wouldSync: true, reason: null, contactId: null });
    if (result.provider !== "SALESFORCE") throw new Error("unreachable");
    expect(result.evidence!.wouldCreateContactIn).toMatchObject({ name: "Acme Corp" });
    expect(result.explanation).toContain("Acme Corp");
    expect(result.calls.map((c) => c.method)).toEqual(["GET", "GET"]);
    expect((await org.control.state(org.slug)).records.Contact?.length).toBe(contactsBefore);
    expect(await db().syncLog.count({ where: { workspaceId } })).toBe(logsBefore);
    expect(await db().requestSync.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("says why, in plain words, when the rules would not sync", async () => {
    const request = await newRequest({ email: null, company: DEMO_MATCH_CASES.nameNoAccount.workspaceName });
    const result = await recheckRequestSync({ workspaceId, requestId: request.id, integrationId });
    expect(result).toMatchObject({ provider: "SALESFORCE", wouldSync: false, reason: "no_account_named", title: "No Account found" });
    expect(result.explanation).toContain('"Hooli"');
  });
});

describe("Retry (Salesforce)", () => {
  it("queues a push for the Salesforce integration through the outbox", async () => {
    const request = await newRequest({ email: DEMO_MATCH_CASES.contactByEmail.email });
    expect(await requestSyncRetry({ workspaceId, requestId: request.id, integrationId })).toEqual({ queued: 1 });
    const event = await db().outboxEvent.findFirstOrThrow({ where: { name: "ferry/sync.push-requested", aggregateId: request.id } });
    expect(event.payload).toMatchObject({ requestId: request.id, integrationId, provider: "SALESFORCE", trigger: "retry" });
  });
});
