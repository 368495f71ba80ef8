import { AppError } from "@/lib/errors";
import { requireMember, type MemberContext } from "@/lib/auth/require-member";
import type { Capability } from "@/lib/auth/roles";

export type WorkspaceAccess =
  | { status: "allowed"; member: MemberContext }
  | { status: "forbidden" }
  | { status: "not_found" }
  | { status: "unauthenticated" };

/** requireMember's answer as a value, for edges that render rather than throw. */
export async function checkWorkspaceAccess(
  userId: string | null,
  workspaceSlug: string,
  capability: Capability,
): Promise<WorkspaceAccess> {
  try {
    return { status: "allowed", member: await requireMember({ userId, workspaceSlug, capability }) };
  } catch (err) {
    if (err instanceof AppError && (err.code === "forbidden" || err.code === "not_found" || err.code === "unauthenticated")) {
      return { status: err.code };
    }
    throw err;
  }
}
