import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { getSandboxView, messageText } from "@/lib/integrations/vitally/sandbox-view";
import { addMessage } from "@/lib/requests/add-message";
import { createRequest } from "@/lib/requests/create-request";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_ADMINS, DEMO_LINK_CASES, demoFixture } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { ParticipantCache } from "@/lib/sync/vitally/conversations/participant-cache";
import { pushConversationToVitally } from "@/lib/sync/vitally/conversations/push-conversation-to-vitally";
import { createMember, createWorkspace, uid } from "@/tests/factories";

/** The sandbox view's Conversations tab: what Ferry wrote to the sandbox, read back through its control API over real HTTP. */
let sandbox: VitallySandbox;

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0 });
  process.env.VITALLY_SANDBOX_URL = sandbox.url;
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.VITALLY_SANDBOX_URL;
  resetEnvCache();
  await sandbox?.close();
});

async function connectedTenant() {
  const id = uid();
  const key = `sk_live_view_${id}`;
  const subdomain = `view-${id}`;
  const control = new SandboxControlClient({ baseUrl: sandbox.url });
  await control.addKey({ key, subdomain });
  await control.seed(key, demoFixture());
  const ws = await createWorkspace();
  const owner = await createMember(ws.id, "OWNER");
  const integration = await connectVitally(
    { workspaceId: ws.id, actorUserId: owner.id },
    { apiUrl: `${sandbox.url}/s/${subdomain}`, auth: key, settings: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active } },
  );
  return { workspaceId: ws.id, integration };
}

describe("getSandboxView: conversations", () => {
  it("lists the conversations the workspace already holds (the demo's one), with who wrote to whom", async () => {
    const { integration } = await connectedTenant();
    expect((await getSandboxView(integration)).conversations).toEqual([
      expect.objectContaining({
        externalId: "conv-acme-onboarding",
        subject: "Onboarding questions",
        messages: [
          expect.objectContaining({ from: "Jane Acme <jane@acme.example>", to: ["Ada Active <ada@ferry-demo.test>"], text: "How do I invite my team?", type: "inbound" }),
          expect.objectContaining({ from: "Ada Active <ada@ferry-demo.test>", to: ["Jane Acme <jane@acme.example>"], text: "Settings → Team.", type: "outbound" }),
        ],
      }),
    ]);
  });

  it("shows a request's thread as its conversation: subject, external id, messages in order with who wrote to whom, attachments as links", async () => {
    const { workspaceId, integration } = await connectedTenant();
    const { body } = await createRequest({
      workspaceId,
      data: { channel: "email", title: "Invoices show the wrong VAT", messageText: "Our invoice shows 19% VAT <not 7%>.", requestor: { name: "Nora", email: DEMO_LINK_CASES.noOrgOneAccount } },
    });
    const requestId = (body as { id: string }).id;
    await addMessage({
      workspaceId,
      ref: requestId,
      data: {
        thread: "customer",
        author: { type: "customer", name: "Nora", email: DEMO_LINK_CASES.noOrgOneAccount },
        text: "Here is the invoice & a screenshot.",
        attachments: [{ name: "invoice.pdf", url: "https://files.example.com/invoice.pdf?a=1&b=2", size: 2048 }],
      },
    });
    await addMessage({ workspaceId, ref: requestId, data: { thread: "internal", author: { type: "team", name: "Sam", email: "sam@ferry.test" }, text: "Tax table bug?" } });
    const outcome = await pushConversationToVitally({ workspaceId, requestId, integrationId: integration.id, trigger: "test" }, { cache: new ParticipantCache() });
    expect(outcome.status).toBe("synced");

    const { conversations } = await getSandboxView(integration);
    // The most recently updated first: Ferry's, then the demo's.
    expect(conversations.map((c) => c.externalId)).toEqual([`ferry-request-${requestId}`, "conv-acme-onboarding"]);
    const [conversation] = conversations;
    expect(conversation).toMatchObject({ externalId: `ferry-request-${requestId}`, subject: "Invoices show the wrong VAT" });
    const customer = `Case: no org + one account <${DEMO_LINK_CASES.noOrgOneAccount}>`;
    const ada = `Ada Active <${DEMO_ADMINS.active}>`;
    expect(conversation.messages.map((m) => ({ from: m.from, to: m.to, text: m.text }))).toEqual([
      { from: customer, to: [ada], text: "Our invoice shows 19% VAT <not 7%>." },
      { from: customer, to: [ada], text: "Here is the invoice & a screenshot.\n\nAttachments\n\n• invoice.pdf (2 KB) (https://files.example.com/invoice.pdf?a=1&b=2)" },
    ]);
  });
});

describe("messageText", () => {
  it("turns Vitally's allowed HTML into readable text and decodes what Ferry escaped", () => {
    expect(messageText("<p>Line one<br>line two</p><p>&lt;b&gt; is &quot;bold&quot; &amp; it&#39;s fine</p>")).toBe(
      'Line one\nline two\n\n<b> is "bold" & it\'s fine',
    );
    expect(messageText('<ul><li><a href="https://x.test/a?b=1&amp;c=2" target="_blank">a.txt</a></li></ul>')).toBe("• a.txt (https://x.test/a?b=1&c=2)");
  });
});
