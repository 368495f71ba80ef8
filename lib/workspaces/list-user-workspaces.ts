import type { Role } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";

export type UserWorkspace = { slug: string; name: string; role: Role };

/** The workspaces a user belongs to, by name: the switcher's list and where `/` sends them. */
export async function listUserWorkspaces(input: { userId: string }, deps: { db?: Db } = {}): Promise<UserWorkspace[]> {
  const db = deps.db ?? defaultDb();
  const memberships = await db.membership.findMany({
    where: { userId: input.userId },
    select: { role: true, workspace: { select: { slug: true, name: true } } },
    orderBy: [{ workspace: { name: "asc" } }, { workspace: { slug: "asc" } }],
  });
  return memberships.map((m) => ({ slug: m.workspace.slug, name: m.workspace.name, role: m.role }));
}
