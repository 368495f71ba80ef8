import { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { lockWorkspaceOwners } from "@/lib/members/lock-workspace-owners";
import type { Actor } from "@/lib/members/member-types";

export const ZRemoveMemberInput = z.object({ userId: z.uuid() });
export type RemoveMemberInput = z.infer<typeof ZRemoveMemberInput>;

/**
 * Removes a member from a workspace (their account stays). Only owners remove owners, and the last
 * owner cannot be removed, not even by themselves.
 */
export async function removeMember(
  input: { workspaceId: string; actor: Actor } & RemoveMemberInput,
  deps: { db?: Db } = {},
): Promise<{ userId: string }> {
  const db = deps.db ?? defaultDb();
  return db.$transaction(async (tx) => {
    const owners = await lockWorkspaceOwners(tx, input.workspaceId);
    const target = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
      select: { id: true, role: true },
    });
    if (!target) throw new AppError("not_found", "That person is not a member of this workspace.");
    if (target.role === "OWNER" && input.actor.role !== "OWNER") {
      throw new AppError("forbidden", "Only owners can remove an owner.");
    }
    if (target.role === "OWNER" && owners <= 1) {
      throw new AppError("conflict", "The last owner cannot be removed. Make someone else an owner first.");
    }
    await tx.membership.delete({ where: { id: target.id } });
    return { userId: input.userId };
  });
}
