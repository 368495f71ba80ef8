import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { AppShell } from "@/components/shell/app-shell";
import { NeedsAttentionBanner } from "@/components/integrations/needs-attention-banner";
import { can, ROLE_LABELS } from "@/lib/auth/roles";
import { listUserWorkspaces } from "@/lib/workspaces/list-user-workspaces";
import { requirePageMember } from "@/app/_lib/page";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ workspace: string }> }) {
  // Every role may enter a workspace it belongs to; non-members get a 404 here and in each page.
  const access = await requirePageMember(params, "requests.read");
  if (!access.allowed) throw new Error("Every role can read requests; the role table changed.");
  const { member, user } = access;
  const workspaces = await listUserWorkspaces({ userId: user.id });
  const toItem = (w: { slug: string; name: string; role: keyof typeof ROLE_LABELS }) => ({
    slug: w.slug,
    name: w.name,
    roleLabel: ROLE_LABELS[w.role],
  });
  return (
    <Providers>
      <AppShell
        current={toItem({ ...member.workspace, role: member.role })}
        workspaces={workspaces.map(toItem)}
        user={{ name: user.name, email: user.email }}
      >
        <NeedsAttentionBanner workspaceId={member.workspace.id} workspaceSlug={member.workspace.slug} canManage={can(member.role, "integrations.manage")} />
        {children}
      </AppShell>
    </Providers>
  );
}
