import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { createRequest } from "@/lib/requests/create-request";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_EMAIL_DOMAINS, DEMO_LINK_CASES, demoFixture } from "@/lib/sandbox/vitally/seed-demo";
import { DEMO_MATCH_CASES } from "@/lib/sandbox/salesforce/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { ensureVitallySchema } from "@/lib/sync/vitally/ensure-vitally-schema";
import { ensureSalesforceSchema } from "@/lib/sync/salesforce/ensure-salesforce-schema";
import { startTestOrg, type TestOrg } from "@/lib/sync/salesforce/salesforce-test-org";
import { createMember, createWorkspace, uid } from "@/tests/factories";
import { recheckRequestLinkAction, retryRequestSyncAction } from "@/app/(dashboard)/w/[workspace]/sync-logs/sync-actions";

/** The request page's Re-check now (live rules, no writes) and Retry sync (through the outbox). */
let sandbox: VitallySandbox;
let control: SandboxControlClient;
let key: string;
let slug: string;
let workspaceId: string;
let support: string;
let integrationId: string;

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0 });
  process.env.VITALLY_SANDBOX_URL = sandbox.url;
  resetEnvCache();
  control = new SandboxControlClient({ baseUrl: sandbox.url });
  const subdomain = `sync-actions-${uid()}`;
  key = `sk_live_${subdomain.replaceAll("-", "_")}`;
  await control.addKey({ key, subdomain });
  await control.seed(key, demoFixture());

  const ws = await createWorkspace();
  slug = ws.slug;
  workspaceId = ws.id;
  const owner = await createMember(ws.id, "OWNER");
  support = (await createMember(ws.id, "SUPPORT")).id;
  integrationId = (await connectVitally({ workspaceId, actorUserId: owner.id }, { apiUrl: `${sandbox.url}/s/${subdomain}`, auth: key })).id;
  await ensureVitallySchema({ workspaceId, integrationId, trigger: "test" });
});

afterAll(async () => {
  delete process.env.VITALLY_SANDBOX_URL;
  resetEnvCache();
  await sandbox?.close();
});

async function newRequest(email: string) {
  const { body } = await createRequest({
    workspaceId,
    data: { channel: "email", title: "SSO loops back to the login page", messageText: "Since this morning…", requestor: { name: "Pat", email } },
  });
  return body as { id: string; number: number };
}

const usersIn = async () => (await control.state(key)).data.users?.length ?? 0;

describe("Re-check now", () => {
  it("evaluates the linking table against live Vitally and writes nothing", async () => {
    const request = await newRequest(DEMO_LINK_CASES.manyOrgsManyAccounts);
    const users = await usersIn();
    const result = await recheckRequestLinkAction.run(support, slug, { requestId: request.id, integrationId });
    expect(result).toMatchObject({
      ok: true,
      data: { provider: "VITALLY", wouldSync: false, reason: "user_in_several_orgs_and_accounts", row: 9, title: "Requestor is in several organizations and several accounts" },
    });
    if (!result.ok) throw new Error("unreachable");
    expect(result.data.fix).toContain(DEMO_LINK_CASES.manyOrgsManyAccounts);
    expect(result.data.calls.length).toBeGreaterThan(0);
    expect(await usersIn()).toBe(users);
    expect(await db().requestSync.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("for a requestor Vitally does not know, names the account it would create them in, without creating them", async () => {
    const request = await newRequest(`new.person.${uid()}@${DEMO_EMAIL_DOMAINS.oneAccount}`);
    const users = await usersIn();
    const result = await recheckRequestLinkAction.run(support, slug, { requestId: request.id, integrationId });
    expect(result).toMatchObject({ ok: true, data: { wouldSync: true, reason: null, evidence: { user: null, fallback: { wouldCreateIn: { kind: "account", name: "Acme Inc" } } } } });
    expect(await usersIn()).toBe(users);
  });
});

describe("Re-check now for Salesforce", () => {
  let org: TestOrg;
  let sfSlug: string;
  let sfSupport: string;
  let sfWorkspaceId: string;
  let sfIntegrationId: string;
  beforeAll(async () => {
    org = await startTestOrg();
    const ws = await createWorkspace();
    sfSlug = ws.slug;
    sfWorkspaceId = ws.id;
    const owner = await createMember(ws.id, "OWNER");
    sfSupport = (await createMember(ws.id, "SUPPORT")).id;
    sfIntegrationId = (await org.connect({ workspaceId: sfWorkspaceId, actorUserId: owner.id })).id;
    await ensureSalesforceSchema({ workspaceId: sfWorkspaceId, integrationId: sfIntegrationId, trigger: "test" }, { policy: org.policy });
  });
  afterAll(() => org?.close());

  it("answers with Salesforce's matching path and evidence (not Vitally's \"not found\"), writing nothing", async () => {
    const email = DEMO_MATCH_CASES.domainNoAccount.email!;
    const { body } = await createRequest({
      workspaceId: sfWorkspaceId,
      data: { channel: "email", title: "Invoice PDF is blank", messageText: "Empty page.", requestor: { name: "New Person", email } },
    });
    const request = body as { id: string };
    const contacts = (await org.control.state(org.slug)).records.Contact?.length;
    const result = await recheckRequestLinkAction.run(sfSupport, sfSlug, { requestId: request.id, integrationId: sfIntegrationId });
    expect(result).toMatchObject({
      ok: true,
      data: { provider: "SALESFORCE", wouldSync: false, reason: "no_account_for_domain", title: "No Account found", evidence: { path: "email_domain", email } },
    });
    if (!result.ok || result.data.provider !== "SALESFORCE") throw new Error("unreachable");
    expect(result.data.evidence!.steps.map((s) => [s.rule, s.found.length])).toEqual([
      ["contact_by_email", 0],
      ["account_by_email_domain", 0],
    ]);
    expect(result.data.fix).toContain(email);
    expect(result.data.calls.map((c) => c.method)).toEqual(["GET", "GET"]);
    expect((await org.control.state(org.slug)).records.Contact?.length).toBe(contacts);
    expect(await db().requestSync.count({ where: { requestId: request.id } })).toBe(0);
  });
});

describe("Retry sync", () => {
  it("queues one push per live destination through the outbox", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    expect(await retryRequestSyncAction.run(support, slug, { requestId: request.id })).toEqual({ ok: true, data: { queued: 1 } });
    const events = await db().outboxEvent.findMany({ where: { aggregateType: "request", aggregateId: request.id, name: "ferry/sync.push-requested" } });
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ requestId: request.id, integrationId, provider: "VITALLY", trigger: "retry" })]);
  });

  it("never reaches a request of another workspace", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    const other = await createWorkspace();
    const outsider = (await createMember(other.id, "OWNER")).id;
    expect(await retryRequestSyncAction.run(outsider, other.slug, { requestId: request.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await recheckRequestLinkAction.run(outsider, other.slug, { requestId: request.id, integrationId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await db().outboxEvent.count({ where: { aggregateId: request.id, name: "ferry/sync.push-requested" } })).toBe(0);
  });
});
