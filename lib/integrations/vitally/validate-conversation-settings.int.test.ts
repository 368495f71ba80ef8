import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { assertValidConversationSettings, validateConversationSettings } from "@/lib/integrations/vitally/validate-conversation-settings";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_ADMINS, DEMO_KEY, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { createMember, createWorkspace, uid } from "@/tests/factories";

let sandbox: VitallySandbox;
let control: SandboxControlClient;
let integration: Awaited<ReturnType<typeof connectVitally>>;
const deps = () => ({ policy: { sandboxUrl: sandbox.url, extraAllowed: [] } });
const connection = () => ({ baseUrl: `${sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle}`, apiKey: DEMO_KEY });

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo" });
  control = new SandboxControlClient({ baseUrl: sandbox.url });
  const ws = await createWorkspace();
  const owner = await createMember(ws.id, "OWNER");
  integration = await connectVitally({ workspaceId: ws.id, actorUserId: owner.id }, { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: DEMO_KEY }, deps());
});

afterAll(async () => {
  await sandbox?.close();
});

describe("validateConversationSettings", () => {
  it("accepts an active default admin after reading users, admins and conversations: one call each", async () => {
    await control.clearLog(DEMO_KEY);
    const check = await validateConversationSettings({ integration }, { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active.toUpperCase() }, deps());
    expect(check).toMatchObject({ ok: true, issues: [], calls: 3, defaultAdmin: { email: DEMO_ADMINS.active, licenseStatus: "active" } });
    const paths = (await control.log({ key: DEMO_KEY })).map((e) => e.path.replace(/^\/s\/[^/]+/, "").split("?")[0]).sort();
    expect(paths).toEqual(["/resources/admins/search", "/resources/conversations", "/resources/users"]);
  });

  it.each([
    [DEMO_ADMINS.deactivated, "default_admin_deactivated", "is a deactivated Vitally admin. Reactivate them in Vitally, or enter the email of an active admin."],
    [DEMO_ADMINS.autoCreated, "default_admin_not_active", "is not an active Vitally admin (license status: auto-created"],
    [`nobody.${uid()}@ferry-demo.test`, "default_admin_not_found", "No Vitally admin has the email"],
  ])("refuses %s as the default admin with a precise message on defaultAdminEmail", async (email, code, words) => {
    const check = await validateConversationSettings({ connection: connection() }, { syncConversations: true, defaultAdminEmail: email });
    expect(check.ok).toBe(false);
    expect(check.issues).toEqual([{ field: "defaultAdminEmail", code, message: expect.stringContaining(words) }]);
    expect(check.fieldErrors.defaultAdminEmail![0]).toContain(email);
    await expect(assertValidConversationSettings({ connection: connection() }, { syncConversations: true, defaultAdminEmail: email })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { defaultAdminEmail: [expect.stringContaining(words)] },
    });
  });

  it("needs a default admin to sync conversations, and still checks what the key can read", async () => {
    const check = await validateConversationSettings({ integration }, { syncConversations: true, defaultAdminEmail: null }, deps());
    expect(check).toMatchObject({ ok: false, calls: 3 });
    expect(check.issues.map((i) => [i.field, i.code])).toEqual([["defaultAdminEmail", "default_admin_required"]]);
  });

  it("makes no call when conversations are off and no default admin is given", async () => {
    expect(await validateConversationSettings({ integration }, { syncConversations: false, defaultAdminEmail: null }, deps())).toMatchObject({ ok: true, calls: 0 });
  });

  it("names the key when Vitally rejects it", async () => {
    const key = `sk_live_validate_${uid()}`;
    await control.addKey({ key, subdomain: DEMO_SUBDOMAIN });
    await control.revokeKey(key);
    const check = await validateConversationSettings({ connection: { ...connection(), apiKey: key } }, { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active });
    expect(check.ok).toBe(false);
    expect(check.issues).toEqual([{ field: "auth", code: "key_rejected", message: expect.stringContaining("rejected this API key") }]);
  });

  it("says what could not be checked when Vitally is unavailable", async () => {
    await control.setFaults(DEMO_KEY, { serverErrors: { next: 1, status: 503 } });
    const check = await validateConversationSettings({ connection: connection() }, { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active });
    await control.clearFaults(DEMO_KEY);
    expect(check.issues).toEqual([{ field: "form", code: "check_failed", message: expect.stringContaining("could not check access to Vitally users") }]);
  });
});
