import { randomUUID } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";
import { InngestTestEngine } from "@inngest/test";
import { ensureVitallySchema } from "@/inngest/functions/ensure-vitally-schema";
import { fanOutRequestChange } from "@/inngest/functions/fan-out-request-change";
import { pushConversationToVitally } from "@/inngest/functions/push-conversation-to-vitally";
import { pushRequestToVitally } from "@/inngest/functions/push-request-to-vitally";
import { ensureSalesforceSchema } from "@/inngest/functions/ensure-salesforce-schema";
import { pushRequestToSalesforce } from "@/inngest/functions/push-request-to-salesforce";
import { resumeHeldPushes } from "@/inngest/functions/resume-held-pushes";
import type { Role } from "@/generated/prisma/enums";
import { hashPassword } from "@/lib/auth/password";
import { resetEnvCache } from "@/lib/env";
import { disconnectIntegration } from "@/lib/integrations/disconnect-integration";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { demoFixture, DEMO_KEY, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { apiTokenFor, db } from "./db";
import { e2eSettings } from "./settings";

/**
 * The Vitally side of the e2e specs: one Vitally sandbox for the run, teams (workspace + members)
 * and sandbox tenants of their own, and — as no Inngest server runs here — the real Inngest
 * functions run through @inngest/test for the events the app recorded in its outbox, against the
 * same database and sandbox the app uses.
 *
 * The app reaches the sandbox at VITALLY_SANDBOX_URL, read when `next start` starts; the web
 * server's environment must carry the same URL (default http://127.0.0.1:4111, see the specs).
 */
export const SANDBOX_URL = (process.env.VITALLY_SANDBOX_URL ??= "http://127.0.0.1:4111").replace(/\/+$/, "");
// The functions run in this worker decrypt what the app encrypted: same key, same sandbox policy.
process.env.FERRY_ENCRYPTION_KEYS = e2eSettings().encryptionKey;
// …and the web links they write point at the app under test.
process.env.NEXTAUTH_URL = e2eSettings().baseURL;
resetEnvCache();

export const TEAM_PASSWORD = "e2e-team-password-42";
export const control = new SandboxControlClient({ baseUrl: SANDBOX_URL });

let starting: Promise<VitallySandbox | null> | null = null;

/**
 * The run's sandbox: the one already listening at SANDBOX_URL (started by another worker or by
 * the run's setup), or one started in this worker with the demo customer base. It lives as long as
 * the worker.
 */
export async function ensureSandbox(): Promise<SandboxControlClient> {
  starting ??= (async () => {
    if (await control.health().then(() => true, () => false)) return null;
    const url = new URL(SANDBOX_URL);
    try {
      return await createVitallySandbox({ host: url.hostname, port: Number(url.port), seed: "demo" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") return null;
      throw err;
    }
  })();
  await starting;
  await expect.poll(() => control.health().then((h) => h.ok, () => false), { message: `Vitally sandbox at ${SANDBOX_URL}` }).toBe(true);
  await control.seedDemo();
  return control;
}

/** Fails with instructions when the app under test was started without the sandbox URL. */
export async function expectAppUsesSandbox(page: Page) {
  await expect(
    page.getByText(SANDBOX_URL, { exact: true }),
    `The e2e web server must run with VITALLY_SANDBOX_URL=${SANDBOX_URL} (playwright.config.ts webServer.env); without it the app may not call the sandbox.`,
  ).toBeVisible();
}

export type Member = { email: string; name: string; password: string; id: string };
export type Team = { id: string; slug: string; name: string; owner: Member; support: Member; viewer: Member };

/** A workspace of its own with an owner, a support lead and a viewer (no other spec touches it). */
export async function createTeam(label: string): Promise<Team> {
  const id = randomUUID().slice(0, 8);
  const workspace = await db().workspace.create({ data: { name: `${label} ${id}`, slug: `e2e-${label}-${id}` } });
  const passwordHash = await hashPassword(TEAM_PASSWORD);
  const member = async (role: Role, name: string): Promise<Member> => {
    const email = `${role.toLowerCase()}-${id}@${label}.e2e.example`;
    const user = await db().user.create({ data: { email, name, passwordHash } });
    await db().membership.create({ data: { workspaceId: workspace.id, userId: user.id, role } });
    return { email, name, password: TEAM_PASSWORD, id: user.id };
  };
  return {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    owner: await member("OWNER", "Olivia Owner"),
    support: await member("SUPPORT", "Sam Support"),
    viewer: await member("VIEWER", "Vic Viewer"),
  };
}

export type Tenant = { key: string; subdomain: string; apiUrl: string };

/** A sandbox Vitally workspace of its own (own key and subdomain) with the demo customer base. */
export async function addSandboxTenant(label: string): Promise<Tenant> {
  const id = randomUUID().slice(0, 8);
  const tenant = { key: `sk_live_e2e_${label}_${id}`, subdomain: `e2e-${label}-${id}` };
  await control.addKey({ ...tenant, name: `e2e ${label}` });
  await control.seed(tenant.key, demoFixture());
  return { ...tenant, apiUrl: `${SANDBOX_URL}/s/${tenant.subdomain}` };
}

/** The tenant "Use the sandbox" fills in. */
export const DEMO_TENANT: Tenant = { key: DEMO_KEY, subdomain: DEMO_SUBDOMAIN, apiUrl: `${SANDBOX_URL}/s/${DEMO_SUBDOMAIN}` };

/**
 * One Vitally instance serves one workspace: frees the demo tenant from a workspace an earlier
 * attempt of the same spec connected (Playwright retries start from a new team).
 */
export async function freeSandboxTenant(tenant: Tenant) {
  const taken = await db().integration.findMany({
    where: { status: { not: "DISCONNECTED" }, remoteTenant: { endsWith: `#${tenant.subdomain}` } },
    select: { id: true, workspaceId: true },
  });
  for (const i of taken) await disconnectIntegration({ workspaceId: i.workspaceId, integrationId: i.id });
}

/** Connects a team to a tenant the way the connect dialog does (for specs about what follows). */
export async function connectTeam(team: Team, tenant: Tenant) {
  return connectVitally({ workspaceId: team.id, actorUserId: team.owner.id }, { apiUrl: tenant.apiUrl, auth: tenant.key });
}

export async function signInAs(page: Page, member: Member) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** A page of its own, signed in as `member` (for a second person looking at the same workspace). */
export async function pageAs(browser: Browser, member: Member): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, member);
  return page;
}

export type CreatedRequest = { id: string; number: number; title: string };

/** Creates a request through Ferry's public API, as the support platform would. */
export async function createRequestThroughApi(
  team: Team,
  input: { title: string; requestor: { name: string; email?: string; company?: string }; messageText?: string },
): Promise<CreatedRequest> {
  const token = await apiTokenFor(team.slug);
  const res = await fetch(`${e2eSettings().baseURL}/api/v1/requests`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ channel: "email", messageText: `${input.title}. Could you have a look?`, ...input }),
  });
  const body = (await res.json()) as { id: string; number: number; title: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return { id: body.id, number: body.number, title: body.title };
}

type Event = { id?: string; name: string; data: Record<string, unknown> };
export type FunctionRun = { fn: string; event: string; result: unknown; error: unknown };

/** The events the app recorded for one aggregate (request or integration), in order, after `afterId`. */
export async function recordedEvents(aggregate: { type: "request" | "integration"; id: string }, afterId = 0n): Promise<(Event & { outboxId: bigint })[]> {
  const rows = await db().outboxEvent.findMany({
    where: { aggregateType: aggregate.type, aggregateId: aggregate.id, id: { gt: afterId } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ outboxId: r.id, id: `ferry-outbox-${r.id}`, name: r.name, data: r.payload as Record<string, unknown> }));
}

const FAN_OUT = new Set(["ferry/request.created", "ferry/request.updated", "ferry/request.message-added", "ferry/request.message-edited", "ferry/request.message-deleted"]);

function sentEvents(ctx: unknown): Event[] {
  const sendEvent = (ctx as { step: { sendEvent: { mock: { calls: [string, Event | Event[]][] } } } }).step.sendEvent;
  return sendEvent.mock.calls.flatMap(([, payload]) => (Array.isArray(payload) ? payload : [payload]));
}

/** Adds a message to a request's thread through Ferry's public API, as the support platform would. */
export async function addMessageThroughApi(
  team: Team,
  requestId: string,
  input: { thread: "customer" | "internal"; author: { type: "customer" | "team"; name: string; email?: string; platformId?: string }; text: string },
): Promise<{ id: string }> {
  const token = await apiTokenFor(team.slug);
  const res = await fetch(`${e2eSettings().baseURL}/api/v1/requests/${requestId}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return { id: body.id };
}

export type RunOptions = {
  /**
   * Also run push-conversation-to-vitally for each Vitally push (Inngest runs it on the same
   * events). Off by default so the request-sync specs list only the request sync's runs.
   */
  conversations?: boolean;
};

/**
 * What Inngest would do with these events: each function Ferry registers for them runs once
 * (fresh engine per run), and the events a function sends are handled the same way in turn.
 */
export async function runInngestFunctions(events: Event[], options: RunOptions = {}): Promise<FunctionRun[]> {
  const queue = [...events];
  const runs: FunctionRun[] = [];
  while (queue.length > 0) {
    const event = queue.shift()!;
    const data = event.data as { provider?: string };
    if (FAN_OUT.has(event.name)) {
      const { result, error, ctx } = await new InngestTestEngine({
        function: fanOutRequestChange,
        events: [event as never],
        steps: [{ id: "request-pushes", handler: () => ({ ids: [] }) }],
      }).execute();
      runs.push({ fn: "fan-out-request-change", event: event.name, result, error });
      if (!error) queue.push(...sentEvents(ctx));
    } else if (event.name === "ferry/sync.push-requested" && data.provider === "VITALLY") {
      const { result, error } = await new InngestTestEngine({ function: pushRequestToVitally, events: [event as never] }).execute();
      runs.push({ fn: "push-request-to-vitally", event: event.name, result, error });
      if (options.conversations) {
        const conversation = await new InngestTestEngine({ function: pushConversationToVitally, events: [event as never] }).execute();
        runs.push({ fn: "push-conversation-to-vitally", event: event.name, result: conversation.result, error: conversation.error });
      }
    } else if (event.name === "ferry/sync.push-requested" && data.provider === "SALESFORCE") {
      const { result, error } = await new InngestTestEngine({ function: pushRequestToSalesforce, events: [event as never] }).execute();
      runs.push({ fn: "push-request-to-salesforce", event: event.name, result, error });
    } else if (event.name === "ferry/integration.connected" && data.provider === "SALESFORCE") {
      const { result, error } = await new InngestTestEngine({ function: ensureSalesforceSchema, events: [event as never] }).execute();
      runs.push({ fn: "ensure-salesforce-schema", event: event.name, result, error });
    } else if (event.name === "ferry/integration.connected" && data.provider === "VITALLY") {
      const { result, error } = await new InngestTestEngine({ function: ensureVitallySchema, events: [event as never] }).execute();
      runs.push({ fn: "ensure-vitally-schema", event: event.name, result, error });
    } else if (event.name === "ferry/integration.resumed") {
      const { result, error, ctx } = await new InngestTestEngine({
        function: resumeHeldPushes,
        events: [event as never],
        steps: Array.from({ length: 4 }, (_, i) => ({ id: `resume-${i}`, handler: () => ({ ids: [] }) })),
      }).execute();
      runs.push({ fn: "resume-held-pushes", event: event.name, result, error });
      if (!error) queue.push(...sentEvents(ctx));
    }
  }
  return runs;
}

/** Runs the functions for what the app recorded for an aggregate since `afterId`; returns the runs and the new high-water mark. */
export async function runRecordedEvents(aggregate: { type: "request" | "integration"; id: string }, afterId = 0n, options: RunOptions = {}) {
  const events = await recordedEvents(aggregate, afterId);
  const runs = await runInngestFunctions(events, options);
  return { runs, lastId: events.at(-1)?.outboxId ?? afterId };
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks), for reading an exported CSV. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
