import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";

/** The signed-in user's id, or null. Membership and role are checked per workspace by requireMember. */
export async function currentUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return typeof id === "string" ? id : null;
}
