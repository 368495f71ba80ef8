import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import { db } from "@/lib/db";
import { DEMO_EMAIL_DOMAINS, DEMO_LINK_CASES } from "@/lib/sandbox/vitally/seed-demo";
import { DEMO_PASSWORD, DEMO_USERS } from "./seed-data";
import { seedDemo, type SeedResult } from "./seed";

const now = new Date("2026-11-20T12:00:00Z");
let first: SeedResult;
let second: SeedResult;

beforeAll(async () => {
  first = await seedDemo({ now: () => now });
  second = await seedDemo({ now: () => now });
}, 60_000);

afterAll(async () => {
  // The demo workspaces and users are the seed's own; remove them so other files start clean.
  await db().workspace.deleteMany({ where: { slug: { in: ["demo", "globex"] } } });
  await db().user.deleteMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
});

describe("seedDemo", () => {
  test("creates the demo data once; a second run changes nothing", async () => {
    expect(first.usersCreated).toBe(4);
    expect(first.requestsCreated.demo).toBeGreaterThanOrEqual(55);
    expect(first.requestsCreated.globex).toBeGreaterThan(0);
    expect(second).toMatchObject({ usersCreated: 0, requestsCreated: { demo: 0, globex: 0 } });
    const count = await db().request.count({ where: { workspaceId: first.workspaceId } });
    expect(count).toBe(first.requestsCreated.demo);
  });

  test("numbers requests 1..N in creation order and advances nextRequestNumber", async () => {
    const ws = await db().workspace.findUniqueOrThrow({ where: { slug: "demo" } });
    const rows = await db().request.findMany({
      where: { workspaceId: ws.id },
      orderBy: { createdAt: "asc" },
      select: { number: true },
    });
    expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
    expect(ws.nextRequestNumber).toBe(rows.length + 1);
  });

  test("covers every channel, status, urgency and sentiment, with threads of 1–8 messages", async () => {
    const requests = await db().request.findMany({
      where: { workspaceId: first.workspaceId },
      include: { messages: true },
    });
    const distinct = (f: (r: (typeof requests)[number]) => unknown) => new Set(requests.map(f)).size;
    expect(distinct((r) => r.channel)).toBe(4);
    expect(distinct((r) => r.status)).toBe(5);
    expect(distinct((r) => r.urgency)).toBe(4);
    expect(distinct((r) => r.sentiment)).toBe(3);
    for (const r of requests) {
      const customer = r.messages.filter((m) => m.thread === "CUSTOMER").length;
      const internal = r.messages.filter((m) => m.thread === "INTERNAL").length;
      expect(customer).toBeGreaterThanOrEqual(1);
      expect(customer).toBeLessThanOrEqual(8);
      expect(internal).toBeGreaterThanOrEqual(1);
      expect(internal).toBeLessThanOrEqual(8);
      expect(r.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(r.updatedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      // CSAT and the closing fields only on closed requests.
      if (r.status !== "CLOSED") expect([r.closedAt, r.csatRating]).toEqual([null, null]);
      else expect(r.closedAt).not.toBeNull();
    }
    const messages = requests.flatMap((r) => r.messages);
    expect(messages.some((m) => m.editedAt)).toBe(true);
    expect(messages.some((m) => m.deletedAt)).toBe(true);
    expect(messages.some((m) => Array.isArray(m.attachments) && m.attachments.length > 0)).toBe(true);
    expect(requests.some((r) => r.csatRating !== null)).toBe(true);
  });

  test("requestors include every Vitally sandbox demo user, so synced requests meet each linking case", async () => {
    const emails = new Set(
      (await db().request.findMany({ where: { workspaceId: first.workspaceId }, select: { requestorEmail: true } })).map((r) => r.requestorEmail),
    );
    for (const email of Object.values(DEMO_LINK_CASES)) expect(emails).toContain(email);
    expect([...emails].filter((e) => e?.endsWith(`@${DEMO_EMAIL_DOMAINS.oneAccount}`))).toHaveLength(2);
    expect(emails).toContain(null); // a web visitor who left no email
  });

  test("records no outbox events: seeded history predates every integration", async () => {
    const workspaces = await db().workspace.findMany({ where: { slug: { in: ["demo", "globex"] } }, select: { id: true } });
    expect(await db().outboxEvent.count({ where: { workspaceId: { in: workspaces.map((w) => w.id) } } })).toBe(0);
  });

  test("the demo team signs in with the documented password and has its roles; globex has only the owner", async () => {
    expect(await authenticateUser({ email: "owner@ferry.dev", password: DEMO_PASSWORD })).toMatchObject({ email: "owner@ferry.dev" });
    expect(await authenticateUser({ email: "owner@ferry.dev", password: "wrong-password" })).toBeNull();
    const members = await db().membership.findMany({
      where: { workspace: { slug: "demo" } },
      select: { role: true, user: { select: { email: true } } },
    });
    expect(Object.fromEntries(members.map((m) => [m.user.email, m.role]))).toEqual({
      "owner@ferry.dev": "OWNER",
      "admin@ferry.dev": "ADMIN",
      "support@ferry.dev": "SUPPORT",
      "viewer@ferry.dev": "VIEWER",
    });
    const globex = await db().membership.findMany({ where: { workspace: { slug: "globex" } }, select: { user: { select: { email: true } } } });
    expect(globex.map((m) => m.user.email)).toEqual(["owner@ferry.dev"]);
  });
});
