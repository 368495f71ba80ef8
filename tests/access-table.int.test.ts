import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/generated/prisma/enums";
import { db } from "@/lib/db";
import { can, ROLES, type Capability } from "@/lib/auth/roles";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { inviteMember } from "@/lib/members/invite-member";
import { resetEnvCache } from "@/lib/env";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { readVitallySettings } from "@/lib/integrations/vitally/settings";
import { addMessage } from "@/lib/requests/add-message";
import { createRequest } from "@/lib/requests/create-request";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { demoFixture, DEMO_LINK_CASES } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { createIntegration, insertLogs } from "@/lib/sync/logs/sync-log-test-data";
import { readSchemaState } from "@/lib/sync/vitally/schema-state";
import { completeSalesforceConnect } from "@/lib/integrations/salesforce/complete-salesforce-connect";
import { CONNECT_STATE_SCOPE } from "@/lib/integrations/salesforce/connect-state";
import { salesforceRedirectUri } from "@/lib/integrations/salesforce/oauth-app";
import { readSalesforceSettings } from "@/lib/integrations/salesforce/settings";
import { readSalesforceSchemaState } from "@/lib/sync/salesforce/schema-state";
import { startSalesforceConnect } from "@/lib/integrations/salesforce/start-salesforce-connect";
import { SalesforceControlClient } from "@/lib/sandbox/salesforce/control-client";
import { createSalesforceSandbox, type SalesforceSandbox } from "@/lib/sandbox/salesforce/server";
import { approve } from "@/lib/sandbox/salesforce/test-helpers";
import { checkWorkspaceAccess } from "@/app/_lib/workspace-access";
import { OTHER_EDGES, USER_EDGES, WORKSPACE_EDGES, WORKSPACE_PAGES } from "@/app/_lib/registry";
import { createMember, createWorkspace, uid } from "@/tests/factories";

/**
 * The role and tenancy table over every dashboard edge: each role of the workspace, a member of
 * another workspace, and nobody signed in. Allowed edges must succeed and have their effect;
 * forbidden (403) and not-found (404) edges must have none.
 */
type Outcome = "allowed" | "forbidden" | "not_found" | "unauthenticated";
type Ws = { id: string; slug: string; ownerId: string };

type Fixture = {
  /** The capability the edge must require: the test's own statement, not read from the edge. */
  capability: Capability;
  /** A valid input for the edge, with whatever it acts on created first. */
  prepare: (ws: Ws) => Promise<unknown>;
  /** Whether the edge's change happened (reads: null). */
  happened: ((ws: Ws, input: never) => Promise<boolean>) | null;
  /** Routes: what an allowed member's 200 answer holds. */
  allowedBody?: (ws: Ws, input: never) => unknown;
};

// Integration edges talk to Vitally: the sandbox over real HTTP, one tenant per workspace (one
// Vitally instance serves one Ferry workspace).
let sandbox: VitallySandbox;
// …and Salesforce edges to the Salesforce emulator, one org per workspace (one org serves one workspace).
let salesforce: SalesforceSandbox;
beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0 });
  process.env.VITALLY_SANDBOX_URL = sandbox.url;
  salesforce = await createSalesforceSandbox({ port: 0, seed: "demo", demoRedirectUris: [salesforceRedirectUri()] });
  process.env.SALESFORCE_SANDBOX_URL = salesforce.url;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.VITALLY_SANDBOX_URL;
  delete process.env.SALESFORCE_SANDBOX_URL;
  resetEnvCache();
  await sandbox?.close();
  await salesforce?.close();
});

/** The workspace connected to an emulator org of its own, through the OAuth pages as the owner. */
async function salesforceIntegration(ws: Ws) {
  const slug = `access-${uid()}`;
  const adminUsername = `admin@${slug}.example`;
  await new SalesforceControlClient({ baseUrl: salesforce.url }).addOrg({ slug, name: slug, environment: "production", adminUsername });
  const { authorizeUrl } = await startSalesforceConnect({ workspaceId: ws.id, actorUserId: ws.ownerId }, { environment: "production", emulator: true });
  const url = new URL(authorizeUrl);
  const callback = await approve(`${url.origin}${url.pathname.replace(/\/services\/oauth2\/authorize$/, "")}`, Object.fromEntries(url.searchParams), adminUsername);
  const params = { state: callback.get("state"), code: callback.get("code"), error: callback.get("error") };
  return (await completeSalesforceConnect({ actorUserId: ws.ownerId, params })).integration;
}

async function sandboxTenant() {
  const subdomain = `access-${uid()}`;
  const key = `sk_live_${subdomain.replaceAll("-", "_")}`;
  const control = new SandboxControlClient({ baseUrl: sandbox.url });
  await control.addKey({ key, subdomain });
  await control.seed(key, demoFixture());
  return { key, apiUrl: `${sandbox.url}/s/${subdomain}` };
}

async function connectedIntegration(ws: Ws) {
  const tenant = await sandboxTenant();
  const integration = await connectVitally({ workspaceId: ws.id, actorUserId: ws.ownerId }, { apiUrl: tenant.apiUrl, auth: tenant.key });
  return { integration, tenant };
}

async function requestIn(ws: Ws) {
  const { integration } = await connectedIntegration(ws);
  const { body } = await createRequest({
    workspaceId: ws.id,
    data: { channel: "email", title: "Cannot log in", messageText: "Help", requestor: { name: "Ana", email: DEMO_LINK_CASES.oneOrgOneAccount } },
  });
  return { requestId: (body as { id: string }).id, integrationId: integration.id };
}

async function logIn(ws: Ws) {
  const integration = await createIntegration(ws.id, "VITALLY");
  await insertLogs(integration, [{ createdAt: new Date(), outcome: "SYNCED", requestNumber: 7, requestorEmail: "ana@acme.example" }]);
  return (await db().syncLog.findFirstOrThrow({ where: { workspaceId: ws.id } })).id.toString();
}

/** A customer message held back from the request's Vitally conversation (the customer is not a Vitally user). */
async function heldMessageIn(ws: Ws) {
  const { requestId, integrationId } = await requestIn(ws);
  const { body } = await addMessage({
    workspaceId: ws.id,
    ref: requestId,
    data: { thread: "customer", author: { type: "customer", name: "Ana", email: DEMO_LINK_CASES.oneOrgOneAccount }, text: "Any news?" },
  });
  const messageId = (body as { id: string }).id;
  await db().messageSync.create({ data: { workspaceId: ws.id, requestId, messageId, integrationId, state: "HELD", reasonCode: "customer_not_vitally_user" } });
  return { requestId, messageId, integrationId };
}

const integrationOf = (id: string) => db().integration.findUniqueOrThrow({ where: { id } });

const FIXTURES: Record<string, Fixture> = {
  "members.invite": {
    capability: "members.manage",
    prepare: async () => ({ email: `invitee-${uid()}@example.com`, role: "VIEWER" }),
    happened: async (ws, input: { email: string }) =>
      (await db().membership.count({ where: { workspaceId: ws.id, user: { email: input.email } } })) === 1,
  },
  "members.change-role": {
    capability: "members.manage",
    prepare: async (ws) => ({ userId: (await createMember(ws.id, "VIEWER")).id, role: "SUPPORT" }),
    happened: async (ws, input: { userId: string }) =>
      (await db().membership.findFirstOrThrow({ where: { workspaceId: ws.id, userId: input.userId } })).role === "SUPPORT",
  },
  "members.remove": {
    capability: "members.manage",
    prepare: async (ws) => ({ userId: (await createMember(ws.id, "SUPPORT")).id }),
    happened: async (ws, input: { userId: string }) => (await db().membership.count({ where: { workspaceId: ws.id, userId: input.userId } })) === 0,
  },
  "tokens.create": {
    capability: "tokens.manage",
    prepare: async () => ({ name: `Token ${uid()}` }),
    happened: async (ws, input: { name: string }) => (await db().apiToken.count({ where: { workspaceId: ws.id, name: input.name } })) === 1,
  },
  "tokens.revoke": {
    capability: "tokens.manage",
    prepare: async (ws) => {
      const { token } = await createApiToken({ workspaceId: ws.id, actor: { userId: ws.ownerId, role: "OWNER" }, data: { name: "Platform" } });
      return { tokenId: token.id };
    },
    happened: async (_ws, input: { tokenId: string }) => (await db().apiToken.findUniqueOrThrow({ where: { id: input.tokenId } })).revokedAt !== null,
  },
  "requests.list": {
    capability: "requests.read",
    prepare: async (ws) => {
      await db().request.create({
        data: {
          workspaceId: ws.id,
          number: 1,
          channel: "SLACK",
          title: "Cannot log in",
          messageText: "Help",
          requestorName: "Ana",
          createdAt: new Date(),
          updatedAt: new Date(),
        },
      });
      return { status: "OPEN" };
    },
    happened: null,
    allowedBody: () => ({ items: [expect.objectContaining({ title: "Cannot log in" })] }),
  },
  "integrations.check-vitally": {
    capability: "integrations.manage",
    prepare: async () => {
      const t = await sandboxTenant();
      return { apiUrl: t.apiUrl, auth: t.key };
    },
    happened: null,
  },
  "integrations.connect-vitally": {
    capability: "integrations.manage",
    prepare: async () => {
      const t = await sandboxTenant();
      return { apiUrl: t.apiUrl, auth: t.key, settings: {} };
    },
    happened: async (ws) => (await db().integration.count({ where: { workspaceId: ws.id, status: "CONNECTED" } })) === 1,
  },
  "integrations.update-credentials": {
    capability: "integrations.manage",
    prepare: async (ws) => {
      const { integration, tenant } = await connectedIntegration(ws);
      return { integrationId: integration.id, apiUrl: tenant.apiUrl, auth: tenant.key };
    },
    // A credentials change records "connected" again (the schema is checked with the new key).
    happened: async (_ws, input: { integrationId: string }) =>
      (await db().outboxEvent.count({ where: { aggregateId: input.integrationId, name: "ferry/integration.connected" } })) === 2,
  },
  "integrations.update-settings": {
    capability: "integrations.manage",
    prepare: async (ws) => ({ integrationId: (await connectedIntegration(ws)).integration.id, pushNewRequests: false }),
    happened: async (_ws, input: { integrationId: string }) => readVitallySettings((await integrationOf(input.integrationId)).settings).pushNewRequests === false,
  },
  "integrations.disconnect": {
    capability: "integrations.manage",
    prepare: async (ws) => ({ integrationId: (await connectedIntegration(ws)).integration.id }),
    happened: async (_ws, input: { integrationId: string }) => (await integrationOf(input.integrationId)).status === "DISCONNECTED",
  },
  "integrations.ensure-schema": {
    capability: "integrations.manage",
    prepare: async (ws) => ({ integrationId: (await connectedIntegration(ws)).integration.id }),
    happened: async (_ws, input: { integrationId: string }) => readSchemaState((await integrationOf(input.integrationId)).schemaState).customObjectId !== null,
  },
  "integrations.start-salesforce-connect": {
    capability: "integrations.manage",
    prepare: async () => ({ environment: "production", emulator: true }),
    happened: async (ws) => (await db().idempotencyKey.count({ where: { workspaceId: ws.id, scope: CONNECT_STATE_SCOPE } })) === 1,
  },
  "integrations.update-salesforce-settings": {
    capability: "integrations.manage",
    prepare: async (ws) => ({ integrationId: (await salesforceIntegration(ws)).id, pushNew: false }),
    happened: async (_ws, input: { integrationId: string }) => readSalesforceSettings((await integrationOf(input.integrationId)).settings).pushNew === false,
  },
  "integrations.disconnect-salesforce": {
    capability: "integrations.manage",
    prepare: async (ws) => ({ integrationId: (await salesforceIntegration(ws)).id }),
    happened: async (_ws, input: { integrationId: string }) => (await integrationOf(input.integrationId)).status === "DISCONNECTED",
  },
  "integrations.ensure-salesforce-schema": {
    capability: "integrations.manage",
    prepare: async (ws) => ({ integrationId: (await salesforceIntegration(ws)).id }),
    happened: async (_ws, input: { integrationId: string }) => readSalesforceSchemaState((await integrationOf(input.integrationId)).schemaState).object.exists,
  },
  "integrations.salesforce-usage": {
    capability: "integrations.read",
    prepare: async (ws) => ({ integrationId: (await salesforceIntegration(ws)).id }),
    happened: null,
    allowedBody: () => ({ used: expect.any(Number), max: 15_000, pauseAt: 13_500 }),
  },
  "sync.recheck": {
    capability: "sync.retry",
    prepare: requestIn,
    happened: null,
  },
  "sync.retry": {
    capability: "sync.retry",
    prepare: requestIn,
    happened: async (_ws, input: { requestId: string }) =>
      (await db().outboxEvent.count({ where: { aggregateId: input.requestId, name: "ferry/sync.push-requested" } })) === 1,
  },
  "sync.skip-message": {
    capability: "sync.retry",
    prepare: heldMessageIn,
    happened: async (_ws, input: { messageId: string }) => (await db().messageSync.findFirstOrThrow({ where: { messageId: input.messageId } })).state === "SKIPPED",
  },
  "sync-logs.list": {
    capability: "logs.read",
    prepare: async (ws) => {
      await logIn(ws);
      return {};
    },
    happened: null,
    allowedBody: () => ({ items: [expect.objectContaining({ requestNumber: 7 })] }),
  },
  "sync-logs.stats": {
    capability: "logs.read",
    prepare: async (ws) => {
      await logIn(ws);
      return { range: "24h" };
    },
    happened: null,
    allowedBody: () => ({ totals: { synced: 1, skipped: 0, failed: 0 } }),
  },
  "sync-logs.detail": {
    capability: "logs.read",
    prepare: async (ws) => ({ id: await logIn(ws) }),
    happened: null,
    allowedBody: () => ({ requestNumber: 7, requestorEmail: "ana@acme.example" }),
  },
  "sync-logs.export": {
    capability: "logs.read",
    prepare: async (ws) => {
      await logIn(ws);
      return { outcome: "synced" };
    },
    happened: null,
    // The route streams the CSV only after this answer; the wrapper's part is what is checked here.
    allowedBody: (ws) => ({ workspaceId: ws.id, filters: expect.objectContaining({ outcome: ["SYNCED"] }) }),
  },
};

async function newWorkspace(): Promise<Ws> {
  const ws = await createWorkspace();
  const owner = await createMember(ws.id, "OWNER");
  return { id: ws.id, slug: ws.slug, ownerId: owner.id };
}

/** The user id acting for a row of the table: a member with that role, an outsider, or nobody. */
async function actorFor(ws: Ws, who: Role | "outsider" | "anonymous"): Promise<string | null> {
  if (who === "anonymous") return null;
  if (who === "outsider") {
    const elsewhere = await createWorkspace();
    return (await createMember(elsewhere.id, "OWNER")).id;
  }
  return who === "OWNER" ? ws.ownerId : (await createMember(ws.id, who)).id;
}

function expected(who: Role | "outsider" | "anonymous", capability: Capability): Outcome {
  if (who === "anonymous") return "unauthenticated";
  if (who === "outsider") return "not_found";
  return can(who, capability) ? "allowed" : "forbidden";
}

function outcomeOf(result: { ok: true } | { ok: false; error: { code: string; message: string } } | { status: number; body: unknown }): Outcome {
  if ("status" in result) {
    const byStatus: Record<number, Outcome> = { 200: "allowed", 401: "unauthenticated", 403: "forbidden", 404: "not_found" };
    const outcome = byStatus[result.status];
    if (!outcome) throw new Error(`unexpected status ${result.status}: ${JSON.stringify(result.body)}`);
    return outcome;
  }
  if (result.ok) return "allowed";
  if (["forbidden", "not_found", "unauthenticated"].includes(result.error.code)) return result.error.code as Outcome;
  throw new Error(`unexpected error ${result.error.code}: ${result.error.message}`);
}

const WHO = [...ROLES, "outsider", "anonymous"] as const;

describe("access table: every dashboard action and route × every role, an outsider and nobody", () => {
  it("has a fixture for every registered edge", () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(WORKSPACE_EDGES.map((e) => e.id).sort());
  });

  for (const entry of WORKSPACE_EDGES) {
    if (!FIXTURES[entry.id]) {
      it(`${entry.id} has a fixture in this table (add one to FIXTURES)`, () => {
        expect(FIXTURES[entry.id], `no fixture for ${entry.id}`).toBeDefined();
      });
      continue;
    }
    for (const who of WHO) {
      const fixture = FIXTURES[entry.id];
      const want = expected(who, fixture.capability);
      it(`${entry.id} (${fixture.capability}) as ${who} → ${want}`, async () => {
        expect(entry.edge.capability).toBe(fixture.capability);
        const ws = await newWorkspace();
        const input = await fixture.prepare(ws);
        const actor = await actorFor(ws, who);

        const result = await entry.edge.run(actor, ws.slug, input);

        expect(outcomeOf(result)).toBe(want);
        if (fixture.happened) expect(await fixture.happened(ws, input as never)).toBe(want === "allowed");
        if (entry.edge.kind === "route" && want === "allowed") {
          expect(fixture.allowedBody, `${entry.id} is a route: say what its 200 answer holds`).toBeDefined();
          expect(result).toMatchObject({ status: 200, body: fixture.allowedBody!(ws, input as never) as object });
        }
      });
    }

    it(`${entry.id}: a workspace that does not exist is not found, like one you are not in`, async () => {
      const ws = await newWorkspace();
      const input = await FIXTURES[entry.id].prepare(ws);
      expect(outcomeOf(await entry.edge.run(ws.ownerId, `missing-${uid()}`, input))).toBe("not_found");
    });
  }

  it("refuses a forbidden member before reading their input (no field errors leak)", async () => {
    const ws = await newWorkspace();
    const viewer = await actorFor(ws, "VIEWER");
    const invite = WORKSPACE_EDGES.find((e) => e.id === "members.invite")!.edge;
    const result = await invite.run(viewer, ws.slug, { email: "not an email" });
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(result).not.toHaveProperty("fields");
  });

  it("answers bad input of an allowed member with field errors and changes nothing", async () => {
    const ws = await newWorkspace();
    const invite = WORKSPACE_EDGES.find((e) => e.id === "members.invite")!.edge;
    const before = await db().user.count();
    const result = await invite.run(ws.ownerId, ws.slug, { email: "not an email", role: "VIEWER" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" }, fields: { email: [expect.any(String)] } });
    expect(await db().user.count()).toBe(before);
  });

  it("account.set-new-password: nobody → unauthenticated; the invited user themselves → allowed", async () => {
    const ws = await newWorkspace();
    const { userId } = await inviteMember({
      workspaceId: ws.id,
      actor: { userId: ws.ownerId, role: "OWNER" },
      email: `invited-${uid()}@example.com`,
      role: "VIEWER",
    });
    const action = USER_EDGES[0].edge;
    const input = { newPassword: "my own long password", confirmPassword: "my own long password" };

    expect(outcomeOf(await action.run(null, input))).toBe("unauthenticated");
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).mustChangePassword).toBe(true);
    expect(outcomeOf(await action.run(userId, input))).toBe("allowed");
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).mustChangePassword).toBe(false);
  });

  for (const page of WORKSPACE_PAGES) {
    it(`page ${page.file} asks for ${page.capability}, and each role, an outsider and nobody get what the table says`, async () => {
      const source = readFileSync(page.file, "utf8");
      expect(source).toContain(`requirePageMember(params, "${page.capability}")`);
      const ws = await newWorkspace();
      for (const who of WHO) {
        const access = await checkWorkspaceAccess(await actorFor(ws, who), ws.slug, page.capability);
        expect({ who, status: access.status }).toEqual({ who, status: expected(who, page.capability) });
      }
    });
  }
});

describe("the registry lists every edge in app/", () => {
  const files = (readdirSync("app", { recursive: true }) as string[])
    .map((f) => path.posix.join("app", f.split(path.sep).join("/")))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith("app/_lib/"));
  const exempt = (f: string) => OTHER_EDGES.some((o) => f.startsWith(o.prefix));
  const registered = [...WORKSPACE_EDGES, ...USER_EDGES];

  it("every route handler file is a registered dashboard route or a listed non-dashboard edge", async () => {
    const routes = files.filter((f) => /\/route\.tsx?$/.test(f) && !exempt(f));
    expect(routes.length).toBeGreaterThan(0);
    for (const file of routes) {
      const mod = (await import(path.resolve(file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== "function") continue;
        const entry = registered.find((e) => e.edge === value);
        expect(entry, `${file} exports ${name}, which app/_lib/registry.ts does not list`).toBeDefined();
        expect(entry!.file).toBe(file);
      }
    }
  });

  it("every server action file exports only registered, wrapped actions", async () => {
    const actionFiles = files.filter((f) => /^\s*["']use server["']/.test(readFileSync(f, "utf8")));
    expect(actionFiles.length).toBeGreaterThan(0);
    for (const file of actionFiles) {
      const mod = (await import(path.resolve(file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        const entry = registered.find((e) => e.edge === value);
        expect(entry, `${file} exports ${name}, which app/_lib/registry.ts does not list`).toBeDefined();
        expect({ file: entry!.file, exportName: entry!.exportName }).toEqual({ file, exportName: name });
      }
    }
    // …and nothing registered points at a file or export that is gone.
    for (const entry of registered) expect(files).toContain(entry.file);
  });

  it("every workspace page and layout is registered with its capability", () => {
    const pages = files.filter((f) => f.startsWith("app/(dashboard)/") && /\/(page|layout)\.tsx$/.test(f));
    expect(pages.sort()).toEqual(WORKSPACE_PAGES.map((p) => p.file).sort());
  });
});
