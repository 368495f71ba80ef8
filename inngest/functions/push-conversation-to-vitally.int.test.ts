import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { InngestTestEngine } from "@inngest/test";
import { serve } from "inngest/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { pushConversationToVitally } from "@/inngest/functions/push-conversation-to-vitally";
import { retryHeldConversations } from "@/inngest/functions/retry-held-conversations";
import { db } from "@/lib/db";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { updateVitallySettings } from "@/lib/integrations/vitally/update-vitally-integration";
import { addMessage } from "@/lib/requests/add-message";
import { createRequest } from "@/lib/requests/create-request";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_ADMINS, DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { conversationExternalId } from "@/lib/sync/vitally/conversations/conversation-ids";
import { createMember, createWorkspace, uid } from "@/tests/factories";

let sandbox: VitallySandbox;
let control: SandboxControlClient;
let stub: Server;
const registrations: unknown[] = [];
let workspaceId: string;
let integrationId: string;
let budgetKey: string;

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo" });
  control = new SandboxControlClient({ baseUrl: sandbox.url });
  // The functions build their own clients from lib/env: point the sandbox policy at this sandbox.
  process.env.VITALLY_SANDBOX_URL = sandbox.url;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  // A loopback stand-in for the Inngest server: records what the serve handler registers.
  stub = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url?.startsWith("/fn/register")) registrations.push(JSON.parse(body));
      res.setHeader("content-type", "application/json");
      res.end(req.url?.startsWith("/e/") ? JSON.stringify({ ids: [], status: 200 }) : "{}");
    });
  });
  await new Promise<void>((r) => stub.listen(0, "127.0.0.1", r));
  inngest.setEnvVars({ INNGEST_DEV: `http://127.0.0.1:${(stub.address() as AddressInfo).port}` });

  const ws = await createWorkspace();
  workspaceId = ws.id;
  const owner = await createMember(ws.id, "OWNER");
  const integration = await connectVitally(
    { workspaceId, actorUserId: owner.id },
    { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: DEMO_KEY, settings: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active } },
  );
  integrationId = integration.id;
  budgetKey = integration.budgetKey;
});

afterAll(async () => {
  await sandbox?.close();
  await new Promise((r) => stub?.close(r));
});

async function newRequest(email: string) {
  const { body } = await createRequest({
    workspaceId,
    data: { channel: "email", title: `Invoice shows the wrong VAT ${uid()}`, messageText: "Hi, our invoice…", requestor: { name: "Pat", email } },
  });
  return body as { id: string; number: number };
}
const pushEvent = (requestId: string, trigger = "ferry/request.created") => ({
  name: "ferry/sync.push-requested",
  data: { workspaceId, requestId, integrationId, provider: "VITALLY", budgetKey, trigger },
});
const run = (requestId: string, trigger?: string) =>
  new InngestTestEngine({ function: pushConversationToVitally, events: [pushEvent(requestId, trigger) as never] }).execute();

describe("registered configuration (through the serve handler)", () => {
  it("registers the conversation push on the push events of Vitally integrations, and the held re-check every 5 minutes", async () => {
    const handler = serve({ client: inngest, functions });
    const res = await handler.PUT(new Request("http://127.0.0.1:3000/api/inngest", { method: "PUT" }) as never, undefined);
    expect(res.status).toBe(200);
    const reg = registrations.at(-1) as { functions: { id: string; triggers: unknown[]; steps: Record<string, { retries?: { attempts: number } }> }[] };
    const byId = Object.fromEntries(reg.functions.map((f) => [f.id, f]));
    expect(byId["ferry-push-conversation-to-vitally"]).toMatchObject({
      triggers: [{ event: "ferry/sync.push-requested", expression: "event.data.provider == 'VITALLY'" }],
      throttle: { key: "event.data.budgetKey", limit: 900, period: "1m", burst: 50 },
      concurrency: [{ key: "event.data.requestId + ':' + event.data.integrationId", limit: 1 }],
    });
    expect(Object.values(byId["ferry-push-conversation-to-vitally"]!.steps)[0]!.retries).toEqual({ attempts: 20 });
    expect(byId["ferry-retry-held-conversations"]).toMatchObject({ triggers: [{ cron: "*/5 * * * *" }], concurrency: [{ limit: 1 }] });
  });
});

describe("push-conversation-to-vitally", () => {
  it("creates the conversation, then sends a follow-up; a repeated event makes no call", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    const created = await run(request.id);
    expect(created.error).toBeUndefined();
    expect(created.result).toMatchObject({ status: "synced" });
    await addMessage({ workspaceId, ref: request.id, data: { thread: "customer", author: { type: "customer", name: "Pat", email: DEMO_LINK_CASES.oneOrgOneAccount }, text: "Any news?" } });
    const followUp = await run(request.id, "ferry/request.message-added");
    expect(followUp.result).toMatchObject({ status: "synced", sent: 1, calls: 1 });
    await control.clearLog(DEMO_KEY);
    const repeated = await run(request.id, "ferry/request.message-added");
    expect(repeated.result).toMatchObject({ status: "up_to_date", calls: 0 });
    expect(await control.log({ key: DEMO_KEY })).toEqual([]);
    const conversations = ((await control.state(DEMO_KEY)).data.conversations ?? []).filter((c) => c.externalId === conversationExternalId(request.id));
    expect(conversations).toHaveLength(1);
  });

  it("is a no-op without a single call when the switch is off", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await updateVitallySettings({ workspaceId, integrationId }, { syncConversations: false, defaultAdminEmail: DEMO_ADMINS.active });
    await control.clearLog(DEMO_KEY);
    try {
      const { result, error } = await run(request.id);
      expect(error).toBeUndefined();
      expect(result).toEqual({ status: "disabled", calls: 0 });
      expect(await control.log({ key: DEMO_KEY })).toEqual([]);
    } finally {
      await updateVitallySettings({ workspaceId, integrationId }, { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active });
    }
  });

  it("turns a 429 into a RetryAfterError and a rejected key into a non-retriable failure", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await control.setFaults(DEMO_KEY, { rateLimitBurst: { next: 1, retryAfterSeconds: 3 } });
    const limited = await run(request.id);
    expect(limited.error).toMatchObject({ name: "RetryAfterError" });
    await control.clearFaults(DEMO_KEY);

    await control.revokeKey(DEMO_KEY);
    try {
      const rejected = await run(request.id);
      expect(rejected.error).toMatchObject({ name: "NonRetriableError" });
      expect((await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).status).toBe("NEEDS_ATTENTION");
      expect(await db().conversationSync.findFirstOrThrow({ where: { requestId: request.id } })).toMatchObject({ state: "HELD", reasonCode: "credentials_rejected" });
    } finally {
      await db().integration.update({ where: { id: integrationId }, data: { status: "CONNECTED" } });
    }
  });
});

describe("retry-held-conversations", () => {
  it("runs the bounded re-check as one step", async () => {
    const { result, error } = await new InngestTestEngine({ function: retryHeldConversations, events: [{ name: "inngest/scheduled.timer", data: {} } as never] }).execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ checked: expect.any(Number), stoppedEarly: expect.any(Boolean) });
  });
});
