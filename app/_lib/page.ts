import { notFound, redirect } from "next/navigation";
import type { Role } from "@/generated/prisma/enums";
import type { MemberContext } from "@/lib/auth/require-member";
import type { Capability } from "@/lib/auth/roles";
import type { SignedInUser } from "@/lib/members/get-signed-in-user";
import { requireSignedInUser } from "@/app/_lib/session";
import { checkWorkspaceAccess } from "@/app/_lib/workspace-access";

export type PageAccess =
  | { allowed: true; user: SignedInUser; member: MemberContext }
  | { allowed: false; user: SignedInUser; capability: Capability; role: Role };

/**
 * Every workspace page starts here: signed out → /login; not a member (or no such workspace) →
 * 404; a member whose role lacks `capability` → `allowed: false`, and the page renders the
 * "your role cannot do this" state instead of its content.
 */
export async function requirePageMember(
  params: Promise<{ workspace: string }>,
  capability: Capability,
): Promise<PageAccess> {
  const user = await requireSignedInUser();
  const { workspace } = await params;
  const access = await checkWorkspaceAccess(user.id, workspace, capability);
  switch (access.status) {
    case "allowed":
      return { allowed: true, user, member: access.member };
    case "forbidden": {
      // Every member may read requests, so this names the role the member does have.
      const asMember = await checkWorkspaceAccess(user.id, workspace, "requests.read");
      if (asMember.status !== "allowed") notFound();
      return { allowed: false, user, capability, role: asMember.member.role };
    }
    case "unauthenticated":
      redirect("/login");
    case "not_found":
      notFound();
  }
}
