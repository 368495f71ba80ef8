import type { Role } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { can, type Capability } from "@/lib/auth/roles";

export type MemberContext = {
  userId: string;
  role: Role;
  workspace: { id: string; slug: string; name: string };
};

/**
 * The tenancy check every page, action and dashboard route makes. A workspace the user is not a
 * member of (or that does not exist) is "not found", never "forbidden", so ids and slugs do not
 * leak; a member without the capability is "forbidden".
 */
export async function requireMember(
  input: { userId: string | null | undefined; workspaceSlug: string; capability: Capability },
  deps: { db?: Db } = {},
): Promise<MemberContext> {
  if (!input.userId) throw new AppError("unauthenticated", "Sign in to continue.");
  const db = deps.db ?? defaultDb();
  const membership = await db.membership.findFirst({
    where: { userId: input.userId, workspace: { slug: input.workspaceSlug } },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw new AppError("not_found", "Not found");
  if (!can(membership.role, input.capability)) {
    throw new AppError("forbidden", "Your role does not allow this. Ask a workspace owner or admin.");
  }
  return { userId: input.userId, role: membership.role, workspace: membership.workspace };
}
