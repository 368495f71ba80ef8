import { db as defaultDb, type Db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";

/** Verifies email + password; returns the user or null. Same work for unknown emails (no timing oracle). */
const DUMMY_HASH =
  "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function authenticateUser(
  input: { email: string; password: string },
  deps: { db?: Db; now?: () => Date } = {},
) {
  const db = deps.db ?? defaultDb();
  const email = input.email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) return null;
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: (deps.now ?? (() => new Date()))() } });
  return { id: user.id, email: user.email, name: user.name, mustChangePassword: user.mustChangePassword };
}
