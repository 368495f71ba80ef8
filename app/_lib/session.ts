import { cache } from "react";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { currentUserId } from "@/lib/auth/session";
import { getSignedInUser, type SignedInUser } from "@/lib/members/get-signed-in-user";

/** The signed-in user for this render, read once per request however many components ask. */
export const signedInUser = cache(async (): Promise<SignedInUser | null> => {
  // Per-request by nature: never prerendered at build time (where no session or secrets exist).
  await connection();
  const userId = await currentUserId();
  return userId ? getSignedInUser({ userId }) : null;
});

/**
 * For pages: the signed-in user, or a redirect to /login. Invited users who still hold their
 * one-time password are sent to set a new one before anything else.
 */
export async function requireSignedInUser(opts: { passwordStep?: boolean } = {}): Promise<SignedInUser> {
  const user = await signedInUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword && !opts.passwordStep) redirect("/change-password");
  return user;
}
