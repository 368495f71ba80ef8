import type { Metadata } from "next";
import { can } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { listIntegrations } from "@/lib/integrations/list-integrations";
import { CONNECT_FAILURES, isConnectFailureReason } from "@/lib/integrations/salesforce/connect-failures";
import { getSalesforceIntegration } from "@/lib/integrations/salesforce/get-salesforce-integration";
import { salesforceOAuthApp, salesforceRedirectUri } from "@/lib/integrations/salesforce/oauth-app";
import { salesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";
import { Alert } from "@/components/ui/alert";
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
  const [integrations, salesforce] = await Promise.all([
    listIntegrations({ workspaceId: member.workspace.id }),
    getSalesforceIntegration({ workspaceId: member.workspace.id }),
  ]);
  const vitally = integrations.find((i) => i.provider === "VITALLY") ?? null;
  // The banner's "Fix credentials" link opens the credentials dialog of that integration.
  const query = await searchParams;
  const fix = query.fix;
  const salesforceConnect = {
    appConfigured: salesforceOAuthApp({ emulator: false }) !== null,
    emulatorUrl: salesforceUrlPolicy().sandboxUrl,
    callbackUrl: salesforceRedirectUri(),
  };
  // Where the Salesforce callback sent the browser: one word from a closed list, never free text.
  const connected = query.salesforce;
  const failure = isConnectFailureReason(query.salesforce_error) ? CONNECT_FAILURES[query.salesforce_error] : null;
  const sandboxUrl = env().VITALLY_SANDBOX_URL?.replace(/\/+$/, "") ?? null;
  const sandbox = sandboxUrl ? { url: sandboxUrl, apiUrl: `${sandboxUrl}/s/${DEMO_SUBDOMAIN}`, key: DEMO_KEY } : null;

  return (
    <>
      <PageHeader
        title="Integrations"
        description="Where Ferry sends your requests. Each connected destination receives every new request and its changes, threads included."
      />
      <div className="space-y-6">
        {connected === "connected" || connected === "reconnected" || connected === "resumed" ? (
          <Alert tone="success" title={connected === "connected" ? "Salesforce is connected" : "Salesforce is reconnected"}>
            {connected === "connected"
              ? "Ferry is setting up the Request object and its fields in your org; the set-up panel below shows its progress."
              : connected === "resumed"
                ? "The new sign-in replaces the old one, and the pushes that were held back are going out."
                : "The new sign-in replaces the old one."}
          </Alert>
        ) : null}
        {failure ? (
          <Alert tone="error" title={failure.title}>
            {failure.text}
          </Alert>
        ) : null}
        {vitally ? (
          <VitallyIntegrationCard workspaceSlug={member.workspace.slug} integration={vitally} canManage={canManage} editOpen={fix === vitally.id} />
        ) : (
          <VitallyConnectCard workspaceSlug={member.workspace.slug} canManage={canManage} sandbox={sandbox} />
        )}
        <SalesforceCard
          workspaceSlug={member.workspace.slug}
          integration={salesforce}
          canManage={canManage}
          connect={salesforceConnect}
          reconnectOpen={salesforce !== null && fix === salesforce.id}
        />
        <p className="text-xs text-zinc-500">
          Until a destination is connected, requests are kept in Ferry and nothing leaves it. Only requests created after a connection are
          sent; older ones stay in Ferry.
        </p>
      </div>
      <RefreshWhile active={(vitally !== null && vitally.schema.checkedAt === null) || (salesforce !== null && salesforce.setup.checkedAt === null)} />
    </>
  );
}
