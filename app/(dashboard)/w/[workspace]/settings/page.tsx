import type { Metadata } from "next";
import { can } from "@/lib/auth/roles";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { listMembers } from "@/lib/members/list-members";
import { PageHeader } from "@/components/ui/page-header";
import { RoleRequired } from "@/components/shell/role-required";
import { ApiTokensPanel } from "@/components/settings/api-tokens-panel";
import { MembersPanel } from "@/components/settings/members-panel";
import { requirePageMember } from "@/app/_lib/page";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const access = await requirePageMember(params, "members.read");
  if (!access.allowed) return <RoleRequired title="Settings" capability={access.capability} role={access.role} />;
  const { member } = access;
  const canManageTokens = can(member.role, "tokens.manage");
  const [members, tokens] = await Promise.all([
    listMembers({ workspaceId: member.workspace.id }),
    canManageTokens ? listApiTokens({ workspaceId: member.workspace.id, actor: member }) : Promise.resolve(null),
  ]);

  return (
    <>
      <PageHeader title="Settings" description={`Members and API tokens of ${member.workspace.name}.`} />
      <div className="space-y-8">
        <MembersPanel
          workspaceSlug={member.workspace.slug}
          members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
          me={{ userId: member.userId, role: member.role }}
          canManage={can(member.role, "members.manage")}
        />
        <section id="api-tokens" aria-label="API tokens" className="scroll-mt-8">
          {tokens ? <ApiTokensPanel workspaceSlug={member.workspace.slug} tokens={tokens} /> : <RoleRequired capability="tokens.manage" role={member.role} />}
        </section>
      </div>
    </>
  );
}
