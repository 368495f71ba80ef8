/**
 * `npm run db:seed`: the demo workspace "Acme Support" (slug `demo`) with its team, custom fields and
 * ~60 requests with threads, plus a second workspace `globex` where only the owner is a member (so
 * the workspace switcher shows). Idempotent: users, workspaces, memberships and custom fields are
 * created when missing, and requests by their external id, so a second run changes nothing and a
 * partial run is completed.
 *
 * No outbox events are recorded: the seeded history predates every integration, and connecting one
 * later must not replay it as if it had just happened.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Prisma } from "@/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { db as defaultDb, type Db } from "@/lib/db";
import {
  buildDemoRequests,
  buildGlobexRequests,
  CUSTOM_FIELDS,
  DEMO_PASSWORD,
  DEMO_USERS,
  DEMO_WORKSPACE,
  SECOND_WORKSPACE,
  type SeedRequest,
} from "./seed-data";

export type SeedResult = {
  workspaceId: string;
  usersCreated: number;
  requestsCreated: { demo: number; globex: number };
  durationMs: number;
};

async function ensureUsers(db: Db) {
  const ids = new Map<string, string>();
  let created = 0;
  for (const u of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (existing) {
      ids.set(u.email, existing.id);
      continue;
    }
    // A password someone changed later is left alone: only missing users get the demo password.
    const user = await db.user.create({
      data: { email: u.email, name: u.name, passwordHash: await hashPassword(DEMO_PASSWORD) },
      select: { id: true },
    });
    ids.set(u.email, user.id);
    created++;
  }
  return { ids, created };
}

async function ensureWorkspace(db: Db, ws: { slug: string; name: string }) {
  return db.workspace.upsert({ where: { slug: ws.slug }, create: ws, update: {}, select: { id: true } });
}

/** Creates the requests whose external id the workspace lacks, numbered in creation order. */
async function ensureRequests(db: Db, workspaceId: string, requests: SeedRequest[]) {
  const existing = new Set(
    (
      await db.request.findMany({
        where: { workspaceId, externalId: { in: requests.map((r) => r.externalId) } },
        select: { externalId: true },
      })
    ).map((r) => r.externalId),
  );
  let created = 0;
  for (const req of requests) {
    if (existing.has(req.externalId)) continue;
    const { messages, ...fields } = req;
    await db.$transaction(async (tx) => {
      // The same numbering as the API's create: take the workspace's next number in the transaction.
      const ws = await tx.workspace.update({
        where: { id: workspaceId },
        data: { nextRequestNumber: { increment: 1 } },
        select: { nextRequestNumber: true },
      });
      await tx.request.create({
        data: {
          ...fields,
          workspaceId,
          number: ws.nextRequestNumber - 1,
          receivedAt: fields.createdAt,
          customValues: fields.customValues as Prisma.InputJsonValue,
          messages: {
            createMany: {
              data: messages.map((m) => ({ ...m, workspaceId, attachments: m.attachments as Prisma.InputJsonValue })),
            },
          },
        },
      });
    });
    created++;
  }
  return created;
}

export async function seedDemo(deps: { db?: Db; now?: () => Date } = {}): Promise<SeedResult> {
  const t0 = performance.now();
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();

  const users = await ensureUsers(db);
  const demo = await ensureWorkspace(db, DEMO_WORKSPACE);
  const globex = await ensureWorkspace(db, SECOND_WORKSPACE);

  for (const u of DEMO_USERS) {
    const userId = users.ids.get(u.email) as string;
    await db.membership.upsert({
      where: { workspaceId_userId: { workspaceId: demo.id, userId } },
      create: { workspaceId: demo.id, userId, role: u.role },
      update: {},
    });
  }
  const ownerId = users.ids.get(DEMO_USERS[0].email) as string;
  await db.membership.upsert({
    where: { workspaceId_userId: { workspaceId: globex.id, userId: ownerId } },
    create: { workspaceId: globex.id, userId: ownerId, role: "OWNER" },
    update: {},
  });

  for (const f of CUSTOM_FIELDS) {
    await db.customField.upsert({
      where: { workspaceId_key: { workspaceId: demo.id, key: f.key } },
      create: { ...f, allowedValues: [...f.allowedValues], workspaceId: demo.id },
      update: {},
    });
  }

  const demoCreated = await ensureRequests(db, demo.id, buildDemoRequests({ now }));
  const globexCreated = await ensureRequests(db, globex.id, buildGlobexRequests(now));

  return {
    workspaceId: demo.id,
    usersCreated: users.created,
    requestsCreated: { demo: demoCreated, globex: globexCreated },
    durationMs: Math.round(performance.now() - t0),
  };
}

async function main() {
  const result = await seedDemo();
  const created = result.requestsCreated.demo + result.requestsCreated.globex;
  console.log(
    created === 0 && result.usersCreated === 0
      ? `Demo data already present (workspace "${DEMO_WORKSPACE.name}", slug ${DEMO_WORKSPACE.slug}); nothing to do.`
      : `Seeded "${DEMO_WORKSPACE.name}" (slug ${DEMO_WORKSPACE.slug}): ${result.usersCreated} users, ` +
          `${result.requestsCreated.demo} + ${result.requestsCreated.globex} requests in ${result.durationMs} ms.`,
  );
  console.log(`Sign in as ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}`);
  await defaultDb().$disconnect();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch(async (e) => {
    console.error(`Seeding failed: ${e instanceof Error ? e.message : String(e)}`);
    await defaultDb().$disconnect().catch(() => {});
    process.exit(1);
  });
}
