import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { updateVitallySettings } from "@/lib/integrations/vitally/update-vitally-integration";
import { addMessage } from "@/lib/requests/add-message";
import { createRequest } from "@/lib/requests/create-request";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_ADMINS, DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { pushRequestToVitally } from "@/lib/sync/vitally/push-request-to-vitally";
import { getConversationDiagnostics } from "@/lib/sync/vitally/conversations/get-conversation-diagnostics";
import { ParticipantCache } from "@/lib/sync/vitally/conversations/participant-cache";
import { pushConversationToVitally } from "@/lib/sync/vitally/conversations/push-conversation-to-vitally";
import { retryHeldConversations } from "@/lib/sync/vitally/conversations/retry-held-conversations";
import { createMember, createWorkspace, uid } from "@/tests/factories";

let sandbox: VitallySandbox;
let control: SandboxControlClient;
let workspaceId: string;
let integrationId: string;
const deps = () => ({ policy: { sandboxUrl: sandbox.url, extraAllowed: [] }, appUrl: "https://ferry.test", cache: new ParticipantCache() });

async function newRequest(email: string) {
  const { body } = await createRequest({
    workspaceId,
    data: { channel: "email", title: `VAT is wrong ${uid()}`, messageText: "Our invoice shows 19% VAT.", requestor: { name: "Pat", email } },
  });
  return body as { id: string };
}
const say = async (requestId: string, email: string | null, text: string, thread: "customer" | "internal" = "customer") =>
  (
    await addMessage({
      workspaceId,
      ref: requestId,
      data: { thread, author: { type: "customer", name: "Pat", ...(email ? { email } : {}) }, text },
    })
  ).body as { id: string };
const push = (requestId: string) => pushConversationToVitally({ workspaceId, requestId, integrationId, trigger: "test" }, deps());

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo" });
  control = new SandboxControlClient({ baseUrl: sandbox.url });
  const ws = await createWorkspace();
  workspaceId = ws.id;
  const owner = await createMember(ws.id, "OWNER");
  const integration = await connectVitally(
    { workspaceId, actorUserId: owner.id },
    { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: DEMO_KEY, settings: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active } },
    deps(),
  );
  integrationId = integration.id;
});

afterAll(async () => {
  await sandbox?.close();
});

describe("getConversationDiagnostics", () => {
  it("shows the linked conversation, the counts, and each held message with its reason, its own words and the fix", async () => {
    const request = await newRequest(DEMO_LINK_CASES.noOrgOneAccount);
    const sent = await say(request.id, DEMO_LINK_CASES.noOrgOneAccount, "Please fix the VAT.");
    const stranger = `guest.${uid()}@nobody.example`;
    const held = await say(request.id, stranger, "I am cc'd and not in Vitally.");
    await say(request.id, DEMO_LINK_CASES.noOrgOneAccount, "Any update?");
    await say(request.id, null, "Team-internal note", "internal");
    await push(request.id);

    const [diag] = await getConversationDiagnostics({ workspaceId, requestId: request.id });
    expect(diag).toMatchObject({
      integrationId,
      enabled: true,
      state: "HELD",
      reasonCode: "customer_not_vitally_user",
      title: "Held: the customer is not a Vitally user",
      counts: { total: 3, synced: 1, held: 2, failed: 0, skipped: 0, pending: 0, internal: 1 },
    });
    expect(diag!.conversationId).toBe((await db().conversationSync.findFirstOrThrow({ where: { requestId: request.id } })).remoteId);
    expect(diag!.held.map((h) => [h.reasonCode, h.canSkip])).toEqual([
      ["customer_not_vitally_user", true],
      ["waiting_for_earlier_message", true],
    ]);
    expect(diag!.held[0]).toMatchObject({
      messageId: held.id,
      detail: `${stranger} is not a Vitally user`,
      fix: expect.stringContaining("Add the customer as a user in Vitally"),
      excerpt: "I am cc'd and not in Vitally.",
    });
    expect(diag!.recentAttempts.map((a) => a.kind)).toContain("MESSAGE");
    expect(diag!.held.map((h) => h.messageId)).not.toContain(sent.id);
  });

  it("says when the switch is off, or the request is older than the integration", async () => {
    const request = await newRequest(DEMO_LINK_CASES.noOrgOneAccount);
    await updateVitallySettings({ workspaceId, integrationId }, { syncConversations: false, defaultAdminEmail: DEMO_ADMINS.active });
    try {
      const [off] = await getConversationDiagnostics({ workspaceId, requestId: request.id });
      expect(off).toMatchObject({ state: "DISABLED", reasonCode: "conversations_disabled", conversationId: null });
    } finally {
      await updateVitallySettings({ workspaceId, integrationId }, { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active });
    }
    await db().request.update({ where: { id: request.id }, data: { receivedAt: new Date("2020-01-01T00:00:00Z") } });
    const [old] = await getConversationDiagnostics({ workspaceId, requestId: request.id });
    expect(old).toMatchObject({ state: "NOT_ELIGIBLE", reasonCode: "created_before_integration" });
  });

  it("answers nothing for a request of another workspace", async () => {
    const request = await newRequest(DEMO_LINK_CASES.noOrgOneAccount);
    const other = await createWorkspace();
    expect(await getConversationDiagnostics({ workspaceId: other.id, requestId: request.id })).toEqual([]);
  });
});

describe("retryHeldConversations (the 5-minute re-check)", () => {
  it("releases held conversations once their cause is fixed, and leaves the rest held", async () => {
    const unknown = `new.${uid()}@nobody.example`;
    const stillUnknown = `never.${uid()}@nobody.example`;
    const fixed = await newRequest(unknown);
    const notFixed = await newRequest(stillUnknown);
    for (const r of [fixed, notFixed]) {
      await pushRequestToVitally({ workspaceId, requestId: r.id, integrationId, trigger: "test" }, deps());
      expect(await push(r.id)).toMatchObject({ status: "held", reason: "customer_not_vitally_user" });
    }
    await control.seed(DEMO_KEY, { users: [{ externalId: `new-${uid()}`, name: "New", email: unknown, accountIds: ["acc-acme"] }] });
    const summary = await retryHeldConversations({ workspaceId, trigger: "held.recheck" }, deps());
    expect(summary).toMatchObject({ released: 1, failed: 0, stoppedEarly: false });
    expect(summary.stillHeld).toBeGreaterThanOrEqual(1);
    expect(await db().conversationSync.findFirstOrThrow({ where: { requestId: fixed.id } })).toMatchObject({ state: "SYNCED" });
    expect(await db().conversationSync.findFirstOrThrow({ where: { requestId: notFixed.id } })).toMatchObject({ state: "HELD" });
  });

  it("does nothing for integrations with conversations switched off", async () => {
    await updateVitallySettings({ workspaceId, integrationId }, { syncConversations: false, defaultAdminEmail: DEMO_ADMINS.active });
    try {
      expect(await retryHeldConversations({ workspaceId }, deps())).toMatchObject({ checked: 0 });
    } finally {
      await updateVitallySettings({ workspaceId, integrationId }, { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active });
    }
  });
});
