import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { openSalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { createRequest } from "@/lib/requests/create-request";
import { revokeToken } from "@/lib/salesforce/oauth";
import { DEMO_MATCH_CASES } from "@/lib/sandbox/salesforce/seed-demo";
import { ensureSalesforceSchema } from "@/lib/sync/salesforce/ensure-salesforce-schema";
import { startTestOrg, type TestOrg } from "@/lib/sync/salesforce/salesforce-test-org";
import { createMember, createWorkspace, uid } from "@/tests/factories";
import { pushRequestToSalesforce } from "./push-request-to-salesforce";
import { resumeHeldPushes } from "./resume-held-pushes";

/** The Inngest functions with @inngest/test (a fresh engine per run); clients come from the stored credentials and lib/env. */

let org: TestOrg;
let workspaceId: string;
let ownerId: string;
let integrationId: string;
let budgetKey: string;

beforeAll(async () => {
  org = await startTestOrg();
  const ws = await createWorkspace();
  workspaceId = ws.id;
  ownerId = (await createMember(ws.id, "OWNER")).id;
  const integration = await org.connect({ workspaceId, actorUserId: ownerId });
  integrationId = integration.id;
  budgetKey = integration.budgetKey;
  await ensureSalesforceSchema({ workspaceId, integrationId, trigger: "test" });
});
afterAll(async () => {
  await org?.close();
  delete process.env.SALESFORCE_SANDBOX_URL;
  resetEnvCache();
});

async function newRequest(email: string) {
  const { body } = await createRequest({
    workspaceId,
    data: { channel: "email", title: `Invoice shows the wrong VAT ${uid()}`, messageText: "Hi, our invoice…", requestor: { name: "Pat", email } },
  });
  return body as { id: string };
}
const pushEvent = (requestId: string, provider = "SALESFORCE") => ({
  name: "ferry/sync.push-requested",
  data: { workspaceId, requestId, integrationId, provider, budgetKey, trigger: "ferry/request.created" },
});
const run = (requestId: string) => new InngestTestEngine({ function: pushRequestToSalesforce, events: [pushEvent(requestId) as never] }).execute();
const requestRecords = async (requestId: string) =>
  ((await org.control.state(org.slug)).records.Request__c ?? []).filter((r) => (r as { RequestId__c?: string }).RequestId__c === requestId);

describe("push-request-to-salesforce", () => {
  it("pushes the request into the org as one Request__c", async () => {
    const request = await newRequest(DEMO_MATCH_CASES.contactByEmail.email!);
    const { result, error } = await run(request.id);
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ status: "synced", changed: true });
    expect(await requestRecords(request.id)).toHaveLength(1);
  });

  it("a 5xx is rethrown for Inngest's backoff; the next run succeeds", async () => {
    const request = await newRequest(DEMO_MATCH_CASES.contactByEmail.email!);
    await org.control.setFaults(org.slug, { serverErrors: { next: 1, status: 503 } });
    const failed = await run(request.id);
    expect(failed.error).toMatchObject({ name: "SalesforceApiError" });
    await org.control.clearFaults(org.slug);
    expect((await run(request.id)).result).toMatchObject({ status: "synced" });
  });

  it("the daily limit holds the push (a result, not a failure); the cron releases it when the pause ends", async () => {
    const request = await newRequest(DEMO_MATCH_CASES.contactByEmail.email!);
    await org.control.setApiUsage(org.slug, { limit: 20, used: 20 });
    const held = await run(request.id);
    expect(held.error).toBeUndefined();
    expect(held.result).toMatchObject({ status: "held", reason: "daily_limit_paused" });
    await org.control.setApiUsage(org.slug, { limit: null, used: 0 });
    await db().integration.update({ where: { id: integrationId }, data: { pausedUntil: new Date(Date.now() - 1000) } });

    const cron = await new InngestTestEngine({
      function: resumeHeldPushes,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "*/5 * * * *" } } as never],
      steps: [{ id: "resume-0", handler: () => ({ ids: [] }) }],
    }).execute();
    expect(cron.error).toBeUndefined();
    expect((cron.result as { resumed: number }).resumed).toBeGreaterThanOrEqual(1);
    const sent = (cron.ctx.step.sendEvent as unknown as { mock: { calls: [string, { data: { requestId: string } }[]][] } }).mock.calls[0]![1];
    expect(sent.map((e) => e.data.requestId)).toContain(request.id);
    expect((await run(request.id)).result).toMatchObject({ status: "synced" });
  });

  it("a revoked grant is a non-retriable failure; the integration needs attention and integration.resumed releases the held push", async () => {
    const credentials = openSalesforceCredentials(await db().integration.findUniqueOrThrow({ where: { id: integrationId } }));
    await revokeToken({ loginUrl: credentials.loginUrl, token: credentials.refreshToken! });
    const request = await newRequest(DEMO_MATCH_CASES.contactByEmail.email!);
    await org.control.expireSessions(org.slug);
    const rejected = await run(request.id);
    expect(rejected.error).toMatchObject({ name: "NonRetriableError" });
    expect((await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).status).toBe("NEEDS_ATTENTION");

    await org.connect({ workspaceId, actorUserId: ownerId });
    const resumed = await new InngestTestEngine({
      function: resumeHeldPushes,
      events: [{ name: "ferry/integration.resumed", data: { workspaceId, integrationId, provider: "SALESFORCE" } } as never],
      steps: [{ id: "resume-0", handler: () => ({ ids: [] }) }],
    }).execute();
    expect((resumed.result as { resumed: number }).resumed).toBeGreaterThanOrEqual(1);
    expect((await run(request.id)).result).toMatchObject({ status: "synced" });
    expect(await requestRecords(request.id)).toHaveLength(1);
  });
});
