import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { fanOutRequestChange } from "@/inngest/functions/fan-out-request-change";
import { pushRequestToVitally } from "@/inngest/functions/push-request-to-vitally";
import { ensureVitallySchema } from "@/inngest/functions/ensure-vitally-schema";
import { resumeHeldPushes } from "@/inngest/functions/resume-held-pushes";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { createRequest } from "@/lib/requests/create-request";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createMember, createWorkspace } from "@/tests/factories";

let sandbox: VitallySandbox;
let stub: Server;
const registrations: unknown[] = [];
let workspaceId: string;
let integrationId: string;
let budgetKey: string;

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo" });
  // The functions build their own clients from lib/env: point the sandbox policy at this sandbox.
  process.env.VITALLY_SANDBOX_URL = sandbox.url;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  expect(env().VITALLY_SANDBOX_URL).toBe(sandbox.url);
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
    { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: DEMO_KEY },
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
    data: { channel: "email", title: "Invoice shows the wrong VAT", messageText: "Hi, our invoice…", requestor: { name: "Pat", email } },
  });
  return body as { id: string; number: number; version: number };
}

describe("registered configuration (through the serve handler)", () => {
  it("registers every function with its triggers and flow control", async () => {
    const handler = serve({ client: inngest, functions });
    const res = await handler.PUT(new Request("http://127.0.0.1:3000/api/inngest", { method: "PUT" }) as never, undefined);
    expect(res.status).toBe(200);
    const reg = registrations.at(-1) as { functions: { id: string; triggers: unknown[]; throttle?: unknown; concurrency?: unknown; steps: Record<string, { retries?: { attempts: number } }> }[] };
    const byId = Object.fromEntries(reg.functions.map((f) => [f.id, f]));
    expect(Object.keys(byId).sort()).toEqual(
      ["ferry-ensure-vitally-schema", "ferry-fan-out-request-change", "ferry-prune-idempotency-keys", "ferry-prune-rate-ledger", "ferry-push-request-to-vitally", "ferry-relay-outbox", "ferry-resume-held-pushes", "ferry-push-conversation-to-vitally", "ferry-retry-held-conversations", "ferry-ensure-salesforce-schema", "ferry-push-request-to-salesforce"].sort(),
    );
    expect(byId["ferry-push-request-to-vitally"]).toMatchObject({
      triggers: [{ event: "ferry/sync.push-requested", expression: "event.data.provider == 'VITALLY'" }],
      throttle: { key: "event.data.budgetKey", limit: 980, period: "1m", burst: 20 },
      concurrency: [{ key: "event.data.requestId + ':' + event.data.integrationId", limit: 1 }],
    });
    expect(Object.values(byId["ferry-push-request-to-vitally"]!.steps)[0]!.retries).toEqual({ attempts: 20 });
    expect(byId["ferry-fan-out-request-change"]!.triggers).toEqual(
      expect.arrayContaining([{ event: "ferry/request.created" }, { event: "ferry/request.updated" }, { event: "ferry/request.message-added" }]),
    );
    expect(byId["ferry-relay-outbox"]!.triggers).toEqual([{ cron: "* * * * *" }]);
  });
});

describe("fan-out-request-change", () => {
  it("plans one push per live integration, with a version-scoped event id", async () => {
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    const event = { name: "ferry/request.created", data: { workspaceId, requestId: request.id, number: request.number, version: 1 } };
    const t = new InngestTestEngine({ function: fanOutRequestChange, events: [event as never], steps: [{ id: "request-pushes", handler: () => ({ ids: [] }) }] });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ pushes: 1 });
    const sent = (ctx.step.sendEvent as unknown as { mock: { calls: [string, { id: string; name: string; data: unknown }[]][] } }).mock.calls[0]![1];
    expect(sent).toEqual([
      expect.objectContaining({
        id: `push-${request.id}-${integrationId}-v1`,
        name: "ferry/sync.push-requested",
        data: { workspaceId, requestId: request.id, integrationId, provider: "VITALLY", budgetKey, trigger: "ferry/request.created" },
      }),
    ]);
  });
});

describe("push-request-to-vitally", () => {
  const pushEvent = (requestId: string) => ({
    name: "ferry/sync.push-requested",
    data: { workspaceId, requestId, integrationId, provider: "VITALLY", budgetKey, trigger: "ferry/request.created" },
  });

  it("ensures the schema when connected, then pushes the request into the sandbox", async () => {
    const ensured = await new InngestTestEngine({
      function: ensureVitallySchema,
      events: [{ name: "ferry/integration.connected", data: { workspaceId, integrationId, provider: "VITALLY" } } as never],
    }).execute();
    expect(ensured.error).toBeUndefined();
    const request = await newRequest(DEMO_LINK_CASES.noOrgOneAccount);
    const { result, error } = await new InngestTestEngine({ function: pushRequestToVitally, events: [pushEvent(request.id) as never] }).execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ status: "synced", changed: true });
    const instances = await new SandboxControlClient({ baseUrl: sandbox.url }).listCustomObjectInstances(DEMO_KEY);
    expect(instances.filter((i) => i.externalId?.includes(request.id))).toHaveLength(1);
  });

  it("turns a 429 into a RetryAfterError and a rejected key into a non-retriable failure", async () => {
    const control = new SandboxControlClient({ baseUrl: sandbox.url });
    const request = await newRequest(DEMO_LINK_CASES.oneOrgOneAccount);
    await control.setFaults(DEMO_KEY, { rateLimitBurst: { next: 1, retryAfterSeconds: 3 } });
    const limited = await new InngestTestEngine({ function: pushRequestToVitally, events: [pushEvent(request.id) as never] }).execute();
    expect(limited.error).toMatchObject({ name: "RetryAfterError" });
    await control.clearFaults(DEMO_KEY);

    await control.revokeKey(DEMO_KEY);
    const rejected = await new InngestTestEngine({ function: pushRequestToVitally, events: [pushEvent(request.id) as never] }).execute();
    expect(rejected.error).toMatchObject({ name: "NonRetriableError" });
    expect((await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).status).toBe("NEEDS_ATTENTION");

    // Held pushes are released once the credentials work again.
    await db().integration.update({ where: { id: integrationId }, data: { status: "CONNECTED" } });
    const resumed = await new InngestTestEngine({
      function: resumeHeldPushes,
      events: [{ name: "ferry/integration.resumed", data: { workspaceId, integrationId, provider: "VITALLY" } } as never],
      steps: [{ id: "resume-0", handler: () => ({ ids: [] }) }],
    }).execute();
    expect((resumed.result as { resumed: number }).resumed).toBeGreaterThanOrEqual(1);
  });
});
