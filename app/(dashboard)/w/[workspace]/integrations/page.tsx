import type { Metadata } from "next";
import { can } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { listIntegrations } from "@/lib/integrations/list-integrations";
import { DEMO_KEY, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { PageHeader } from "@/components/ui/page-header";
import { RoleRequired } from "@/components/shell/role-required";
import { RefreshWhile } from "@/components/integrations/refresh-while";
import { SalesforceCard } from "@/components/integrations/salesforce-card";
import { VitallyConnectCard } from "@/components/integrations/vitally-connect-card";
import { VitallyIntegrationCard } from "@/components/integrations/vitally-integration-card";
import { requirePageMember } from "@/app/_lib/page";

export const metadata: Metadata = { title: "Integrations" };

type Props = {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function IntegrationsPage({ params, searchParams }: Props) {
  const access = await requirePageMember(params, "integrations.read");
  if (!access.allowed) return <RoleRequired capability={access.capability} role={access.role} />;
  const { member } = access;
  const canManage = can(member.role, "integrations.manage");
  const integrations = await listIntegrations({ workspaceId: member.workspace.id });
  const vitally = integrations.find((i) => i.provider === "VITALLY") ?? null;
  // The banner's "Fix credentials" link opens the credentials dialog of that integration.
  const fix = (await searchParams).fix;
  const sandboxUrl = env().VITALLY_SANDBOX_URL?.replace(/\/+$/, "") ?? null;
  const sandbox = sandboxUrl ? { url: sandboxUrl, apiUrl: `${sandboxUrl}/s/${DEMO_SUBDOMAIN}`, key: DEMO_KEY } : null;

  return (
    <>
      <PageHeader
        title="Integrations"
        description="Where Ferry sends your requests. Each connected destination receives every new request and its changes, threads included."
      />
      <div className="space-y-6">
        {vitally ? (
          <VitallyIntegrationCard workspaceSlug={member.workspace.slug} integration={vitally} canManage={canManage} editOpen={fix === vitally.id} />
        ) : (
          <VitallyConnectCard workspaceSlug={member.workspace.slug} canManage={canManage} sandbox={sandbox} />
        )}
        <SalesforceCard />
        <p className="text-xs text-zinc-500">
          Until a destination is connected, requests are kept in Ferry and nothing leaves it. Only requests created after a connection are
          sent; older ones stay in Ferry.
        </p>
      </div>
      <RefreshWhile active={vitally !== null && vitally.schema.checkedAt === null} />
    </>
  );
}
