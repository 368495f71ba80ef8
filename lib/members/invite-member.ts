import { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { Role } from "@/generated/prisma/enums";
import { canAssignRole } from "@/lib/auth/roles";
import { generateOneTimePassword, hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/members/member-types";

export const ZInviteMemberInput = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid email address.")),
  name: z.string().trim().max(100).optional(),
  role: z.enum(Role, "Choose a role."),
});
export type InviteMemberInput = z.infer<typeof ZInviteMemberInput>;

export type InviteMemberResult = {
  userId: string;
  email: string;
  /** Set only when a new account was created; shown once and never stored in clear. */
  oneTimePassword: string | null;
};

function nameFromEmail(email: string): string {
  const local = email.split("@")[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(" ");
}

/**
 * Adds someone to a workspace by email. A new email gets an account with a one-time password that
 * must be replaced at first sign-in; an existing account is added as it is.
 */
export async function inviteMember(
  input: { workspaceId: string; actor: Actor } & InviteMemberInput,
  deps: { db?: Db } = {},
): Promise<InviteMemberResult> {
  const db = deps.db ?? defaultDb();
  if (!canAssignRole(input.actor.role, input.role)) {
    const message = input.role === "OWNER" ? "Only owners can grant the owner role." : "Your role cannot add members.";
    throw new AppError("forbidden", message, { role: [message] });
  }
  const email = input.email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });

  let oneTimePassword: string | null = null;
  let passwordHash: string | null = null;
  if (!existing) {
    oneTimePassword = generateOneTimePassword();
    passwordHash = await hashPassword(oneTimePassword);
  }

  try {
    const userId = await db.$transaction(async (tx) => {
      const user =
        existing ??
        (await tx.user.create({
          data: {
            email,
            name: input.name?.trim() || nameFromEmail(email),
            passwordHash: passwordHash!,
            mustChangePassword: true,
          },
          select: { id: true },
        }));
      await tx.membership.create({ data: { workspaceId: input.workspaceId, userId: user.id, role: input.role } });
      return user.id;
    });
    return { userId, email, oneTimePassword };
  } catch (err) {
    if (isUniqueViolation(err)) {
      const message = existing ? `${email} is already a member of this workspace.` : `${email} was just added by someone else; refresh the list.`;
      throw new AppError("conflict", message, { email: [message] });
    }
    throw err;
  }
}
