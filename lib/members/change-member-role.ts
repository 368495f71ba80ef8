import { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Role } from "@/generated/prisma/enums";
import { lockWorkspaceOwners } from "@/lib/members/lock-workspace-owners";
import type { Actor } from "@/lib/members/member-types";

export const ZChangeMemberRoleInput = z.object({
  userId: z.uuid(),
  role: z.enum(Role, "Choose a role."),
});
export type ChangeMemberRoleInput = z.infer<typeof ZChangeMemberRoleInput>;

/** Changes a member's role. Only owners grant or revoke OWNER; the last owner keeps it. */
export async function changeMemberRole(
  input: { workspaceId: string; actor: Actor } & ChangeMemberRoleInput,
  deps: { db?: Db } = {},
): Promise<{ userId: string; role: ChangeMemberRoleInput["role"] }> {
  const db = deps.db ?? defaultDb();
  return db.$transaction(async (tx) => {
    const owners = await lockWorkspaceOwners(tx, input.workspaceId);
    const target = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
      select: { id: true, role: true },
    });
    if (!target) throw new AppError("not_found", "That person is not a member of this workspace.");
    if (target.role === input.role) return { userId: input.userId, role: input.role };
    if ((target.role === "OWNER" || input.role === "OWNER") && input.actor.role !== "OWNER") {
      throw new AppError("forbidden", "Only owners can grant or revoke the owner role.");
    }
    if (target.role === "OWNER" && owners <= 1) {
      throw new AppError("conflict", "A workspace needs at least one owner. Make someone else an owner first.");
    }
    await tx.membership.update({ where: { id: target.id }, data: { role: input.role } });
    return { userId: input.userId, role: input.role };
  });
}
