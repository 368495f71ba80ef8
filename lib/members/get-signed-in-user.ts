import { db as defaultDb, type Db } from "@/lib/db";

export type SignedInUser = { id: string; email: string; name: string; mustChangePassword: boolean };

/** The user behind a session, or null when the account no longer exists. */
export async function getSignedInUser(input: { userId: string }, deps: { db?: Db } = {}): Promise<SignedInUser | null> {
  const db = deps.db ?? defaultDb();
  return db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, email: true, name: true, mustChangePassword: true },
  });
}
