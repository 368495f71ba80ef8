import { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "@/lib/auth/password";

export const ZSetNewPasswordInput = z
  .object({
    newPassword: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(200),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords differ." });
export type SetNewPasswordInput = z.infer<typeof ZSetNewPasswordInput>;

/** The forced first-sign-in step of an invited user: replaces the one-time password. */
export async function setNewPassword(
  input: { userId: string } & SetNewPasswordInput,
  deps: { db?: Db } = {},
): Promise<{ userId: string }> {
  const db = deps.db ?? defaultDb();
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { passwordHash: true, mustChangePassword: true } });
  if (!user) throw new AppError("not_found", "Your account no longer exists.");
  if (!user.mustChangePassword) throw new AppError("conflict", "Your password is already set.");
  if (await verifyPassword(input.newPassword, user.passwordHash)) {
    const message = "Choose a password different from the one-time password.";
    throw new AppError("invalid_input", message, { newPassword: [message] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.user.update({ where: { id: input.userId }, data: { passwordHash, mustChangePassword: false } });
  return { userId: input.userId };
}
