import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { markNeedsAttention } from "@/lib/integrations/mark-needs-attention";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_ADMINS, demoFixture } from "@/lib/sandbox/vitally/seed-demo";
import { readVitallySettings } from "@/lib/integrations/vitally/settings";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { createMember, createWorkspace, uid } from "@/tests/factories";
import {
  checkVitallyCredentialsAction,
  connectVitallyAction,
  disconnectIntegrationAction,
  ensureVitallySchemaAction,
  updateVitallyCredentialsAction,
  updateVitallySettingsAction,
} from "@/app/(dashboard)/w/[workspace]/integrations/actions";

/**
 * The Integrations page's actions against the Vitally sandbox over real HTTP: what they answer
 * (never a key), what they store, and the errors an admin sees under each field.
 */
let sandbox: VitallySandbox;
let control: SandboxControlClient;

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0 });
  process.env.VITALLY_SANDBOX_URL = sandbox.url;
  resetEnvCache();
  control = new SandboxControlClient({ baseUrl: sandbox.url });
});

afterAll(async () => {
  delete process.env.VITALLY_SANDBOX_URL;
  resetEnvCache();
  await sandbox?.close();
});

async function tenant() {
  const id = uid();
  const t = { key: `sk_live_actions_${id}`, subdomain: `actions-${id}` };
  await control.addKey(t);
  await control.seed(t.key, demoFixture());
  return { ...t, apiUrl: `${sandbox.url}/s/${t.subdomain}` };
}

async function team() {
  const ws = await createWorkspace();
  const owner = await createMember(ws.id, "OWNER");
  return { id: ws.id, slug: ws.slug, owner: owner.id };
}

async function connected() {
  const t = await tenant();
  const w = await team();
  const result = await connectVitallyAction.run(w.owner, w.slug, { apiUrl: t.apiUrl, auth: t.key, settings: {} });
  if (!result.ok) throw new Error(result.error.message);
  return { ...w, tenant: t, integrationId: result.data.integrationId };
}

describe("Continue (check the credentials)", () => {
  it("says where it connected, and puts each problem under its field", async () => {
    const t = await tenant();
    const w = await team();
    const ok = await checkVitallyCredentialsAction.run(w.owner, w.slug, { apiUrl: t.apiUrl, auth: t.key });
    expect(ok).toEqual({ ok: true, data: { message: expect.stringContaining("Connected to Vitally at"), host: new URL(sandbox.url).host } });
    expect(JSON.stringify(ok)).not.toContain(t.key);

    const wrongKey = await checkVitallyCredentialsAction.run(w.owner, w.slug, { apiUrl: t.apiUrl, auth: "sk_live_wrong_key_1234" });
    expect(wrongKey).toMatchObject({ ok: false, error: { code: "invalid_input" }, fields: { auth: [expect.stringContaining("Vitally rejected this API key (401).")] } });

    const notVitally = await checkVitallyCredentialsAction.run(w.owner, w.slug, { apiUrl: "https://example.com", auth: t.key });
    expect(notVitally).toMatchObject({ ok: false, fields: { apiUrl: [expect.stringContaining("This is not a Vitally API URL.")] } });
    expect(notVitally).not.toHaveProperty("fields.auth");
  });
});

describe("Connect", () => {
  it("stores the key encrypted, answers only the integration id, and records the connected event", async () => {
    const c = await connected();
    const integration = await db().integration.findUniqueOrThrow({ where: { id: c.integrationId } });
    expect(integration).toMatchObject({ workspaceId: c.id, status: "CONNECTED", isSandbox: true, settings: { pushNewRequests: true, updateExistingRequests: true } });
    expect(integration.credentials).not.toContain(c.tenant.key);
    expect(integration.credentialHint).not.toContain(c.tenant.key);
    const events = await db().outboxEvent.findMany({ where: { aggregateType: "integration", aggregateId: c.integrationId } });
    expect(events.map((e) => e.name)).toEqual(["ferry/integration.connected"]);
  });

  it("keeps the switches the admin chose", async () => {
    const t = await tenant();
    const w = await team();
    const result = await connectVitallyAction.run(w.owner, w.slug, { apiUrl: t.apiUrl, auth: t.key, settings: { pushNewRequests: true, updateExistingRequests: false } });
    expect(result.ok).toBe(true);
    expect((await db().integration.findFirstOrThrow({ where: { workspaceId: w.id } })).settings).toMatchObject({ updateExistingRequests: false });
  });

  it("refuses a Vitally instance another workspace already uses, saying so under the API URL", async () => {
    const c = await connected();
    const w = await team();
    const result = await connectVitallyAction.run(w.owner, w.slug, { apiUrl: c.tenant.apiUrl, auth: c.tenant.key, settings: {} });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringContaining("already connected to another Ferry workspace") },
      fields: { apiUrl: [expect.any(String)] },
    });
    expect(await db().integration.count({ where: { workspaceId: w.id } })).toBe(0);
  });
});

describe("Conversation settings: checked against Vitally before they are saved", () => {
  const settingsOf = async (id: string) => readVitallySettings((await db().integration.findUniqueOrThrow({ where: { id } })).settings);

  it("puts each problem under its field and saves nothing until the default admin is an active admin", async () => {
    const c = await connected();
    const save = (input: object) => updateVitallySettingsAction.run(c.owner, c.slug, { integrationId: c.integrationId, ...input });

    expect(await save({ syncConversations: true, defaultAdminEmail: null })).toMatchObject({
      ok: false,
      fields: { defaultAdminEmail: [expect.stringContaining("Enter the email of an active Vitally admin")] },
    });
    expect(await save({ syncConversations: true, defaultAdminEmail: "nobody@ferry-demo.test" })).toMatchObject({
      ok: false,
      fields: { defaultAdminEmail: ["No Vitally admin has the email nobody@ferry-demo.test. Use the email of a member of your Vitally team (Vitally → Settings → Team), exactly as it appears there."] },
    });
    expect(await save({ syncConversations: true, defaultAdminEmail: DEMO_ADMINS.deactivated })).toMatchObject({
      ok: false,
      fields: { defaultAdminEmail: [expect.stringContaining("is a deactivated Vitally admin")] },
    });
    expect(await save({ syncConversations: true, defaultAdminEmail: DEMO_ADMINS.autoCreated })).toMatchObject({
      ok: false,
      fields: { defaultAdminEmail: [expect.stringContaining("is not an active Vitally admin (license status: auto-created")] },
    });
    expect(await save({ syncConversations: true, defaultAdminEmail: "not an email" })).toMatchObject({
      ok: false,
      fields: { defaultAdminEmail: ["Enter an email address, like ada@acme.com."] },
    });
    expect(await settingsOf(c.integrationId)).toMatchObject({ syncConversations: false, defaultAdminEmail: null });

    const ok = await save({ syncConversations: true, defaultAdminEmail: ` ${DEMO_ADMINS.active.toUpperCase()} ` });
    expect(ok).toMatchObject({ ok: true, data: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active, defaultAdminName: "Ada Active", pushNewRequests: true } });
    expect(await settingsOf(c.integrationId)).toMatchObject({ syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active, updateExistingRequests: true });

    // A request switch alone is not re-checked against Vitally, and leaves the conversation settings as they are.
    await control.revokeKey(c.tenant.key);
    expect(await save({ updateExistingRequests: false })).toMatchObject({ ok: true, data: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active } });
    // …but a conversation change is, and says the key is refused, under the switch.
    expect(await save({ defaultAdminEmail: DEMO_ADMINS.active })).toMatchObject({ ok: false, fields: { auth: [expect.stringContaining("Vitally rejected this API key (401)")] } });
  });

  it("the connect dialog's configuration step is checked the same way before anything is stored", async () => {
    const t = await tenant();
    const w = await team();
    const wrong = await connectVitallyAction.run(w.owner, w.slug, { apiUrl: t.apiUrl, auth: t.key, settings: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.deactivated } });
    expect(wrong).toMatchObject({ ok: false, fields: { defaultAdminEmail: [expect.stringContaining("Dan Deactivated (dan@ferry-demo.test) is a deactivated Vitally admin")] } });
    expect(await db().integration.count({ where: { workspaceId: w.id } })).toBe(0);

    const ok = await connectVitallyAction.run(w.owner, w.slug, { apiUrl: t.apiUrl, auth: t.key, settings: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active } });
    expect(ok.ok).toBe(true);
    expect(await settingsOf((ok as { data: { integrationId: string } }).data.integrationId)).toMatchObject({ syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active });
  });
});

describe("Switches, schema, credentials, disconnect", () => {
  it("saves one switch and answers all the settings", async () => {
    const c = await connected();
    const result = await updateVitallySettingsAction.run(c.owner, c.slug, { integrationId: c.integrationId, pushNewRequests: false });
    expect(result).toEqual({
      ok: true,
      data: { pushNewRequests: false, updateExistingRequests: true, syncConversations: false, defaultAdminEmail: null, defaultAdminName: null },
    });
    expect((await db().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).settings).toMatchObject({ pushNewRequests: false });
  });

  it("Check schema now creates “Ferry Requests” once; pressed again it adds nothing", async () => {
    const c = await connected();
    const first = await ensureVitallySchemaAction.run(c.owner, c.slug, { integrationId: c.integrationId });
    expect(first).toMatchObject({ ok: true, data: { created: true, problems: [] } });
    const again = await ensureVitallySchemaAction.run(c.owner, c.slug, { integrationId: c.integrationId });
    expect(again).toMatchObject({ ok: true, data: { created: false, added: [], problems: [] } });
    expect((await control.listCustomObjects(c.tenant.key)).filter((o) => o.label === "Ferry Requests")).toHaveLength(1);
  });

  it("a schema check Vitally refuses is an error the admin can read, and is kept on the integration", async () => {
    const c = await connected();
    await control.revokeKey(c.tenant.key);
    const result = await ensureVitallySchemaAction.run(c.owner, c.slug, { integrationId: c.integrationId });
    expect(result).toMatchObject({ ok: false, error: { code: "unavailable", message: expect.stringContaining("Vitally did not let Ferry check the schema") } });
    expect((await db().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).schemaState).toMatchObject({ error: expect.any(String) });
  });

  it("new credentials are checked first; the right ones resume an integration that needed attention", async () => {
    const c = await connected();
    await markNeedsAttention({ integrationId: c.integrationId, reason: "Vitally rejected the API key (401)." });
    const wrong = await updateVitallyCredentialsAction.run(c.owner, c.slug, { integrationId: c.integrationId, apiUrl: c.tenant.apiUrl, auth: "sk_live_nope_nope_1" });
    expect(wrong).toMatchObject({ ok: false, fields: { auth: [expect.stringContaining("rejected")] } });
    expect((await db().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).status).toBe("NEEDS_ATTENTION");

    const rotated = `${c.tenant.key}_v2`;
    await control.addKey({ key: rotated, subdomain: c.tenant.subdomain });
    const right = await updateVitallyCredentialsAction.run(c.owner, c.slug, { integrationId: c.integrationId, apiUrl: c.tenant.apiUrl, auth: rotated });
    expect(right).toEqual({ ok: true, data: { integrationId: c.integrationId, credentialHint: expect.any(String), resumed: true } });
    expect(JSON.stringify(right)).not.toContain(rotated);
    expect((await db().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).status).toBe("CONNECTED");
    const events = await db().outboxEvent.findMany({ where: { aggregateType: "integration", aggregateId: c.integrationId }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.name)).toEqual(["ferry/integration.connected", "ferry/integration.connected", "ferry/integration.resumed"]);
  });

  it("disconnect stops the integration once; a second disconnect says it already is", async () => {
    const c = await connected();
    expect(await disconnectIntegrationAction.run(c.owner, c.slug, { integrationId: c.integrationId })).toEqual({ ok: true, data: { integrationId: c.integrationId } });
    expect((await db().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).status).toBe("DISCONNECTED");
    expect(await disconnectIntegrationAction.run(c.owner, c.slug, { integrationId: c.integrationId })).toMatchObject({ ok: false, error: { code: "conflict" } });
  });

  it("an integration of another workspace is not found", async () => {
    const c = await connected();
    const w = await team();
    expect(await disconnectIntegrationAction.run(w.owner, w.slug, { integrationId: c.integrationId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await db().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).status).toBe("CONNECTED");
  });
});
