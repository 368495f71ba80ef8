import { randomUUID } from "node:crypto";
import type { Role } from "@/generated/prisma/enums";
import { db } from "@/lib/db";

/** Unique data per call, so tests run in any order without colliding. */
export const uid = () => randomUUID().slice(0, 8);

// A precomputed scrypt hash of "correct-horse-battery" keeps factories fast.
export const TEST_PASSWORD = "correct-horse-battery";
let cachedHash: string | undefined;
async function testHash() {
  if (!cachedHash) {
    const { hashPassword } = await import("@/lib/auth/password");
    cachedHash = await hashPassword(TEST_PASSWORD);
  }
  return cachedHash;
}

export async function createWorkspace(overrides: { name?: string; slug?: string } = {}) {
  const id = uid();
  return db().workspace.create({
    data: { name: overrides.name ?? `Workspace ${id}`, slug: overrides.slug ?? `ws-${id}` },
  });
}

export async function createUser(overrides: { email?: string; name?: string } = {}) {
  const id = uid();
  return db().user.create({
    data: {
      email: overrides.email ?? `user-${id}@example.com`,
      name: overrides.name ?? `User ${id}`,
      passwordHash: await testHash(),
    },
  });
}

export async function createMember(workspaceId: string, role: Role) {
  const user = await createUser();
  await db().membership.create({ data: { workspaceId, userId: user.id, role } });
  return user;
}
