import { db as defaultDb, type Db } from "@/lib/db";
import type { MemberRow } from "@/lib/members/member-types";

/** Everyone in a workspace, owners first, then by name. */
export async function listMembers(input: { workspaceId: string }, deps: { db?: Db } = {}): Promise<MemberRow[]> {
  const db = deps.db ?? defaultDb();
  const rows = await db.membership.findMany({
    where: { workspaceId: input.workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true, mustChangePassword: true } } },
    orderBy: [{ role: "asc" }, { user: { name: "asc" } }, { user: { email: "asc" } }],
  });
  return rows.map((m) => ({
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt,
    pendingFirstSignIn: m.user.mustChangePassword,
  }));
}
