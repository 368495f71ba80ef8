import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { getSalesforceSandboxView, type SalesforceSandboxView } from "@/lib/integrations/salesforce/sandbox-view";
import { Alert } from "@/components/ui/alert";
import { ChevronLeftIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { RoleRequired } from "@/components/shell/role-required";
import { ReloadButton } from "@/components/integrations/reload-button";
import { SalesforceSandboxTabs, type SalesforceSandboxTab } from "@/components/integrations/salesforce/salesforce-sandbox-tabs";
import { requirePageMember } from "@/app/_lib/page";

export const metadata: Metadata = { title: "Salesforce emulator" };

type Props = { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<{ tab?: string | string[] }> };

// A client module's exports are references on the server: the tab names are listed here too.
const TABS: readonly SalesforceSandboxTab[] = ["requests", "accounts", "contacts"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the emulator org of a Salesforce integration holds, browsed as one would in Salesforce. */
export default async function SalesforceSandboxPage({ params, searchParams }: Props) {
  const access = await requirePageMember(params, "integrations.manage");
  if (!access.allowed) return <RoleRequired capability={access.capability} role={access.role} />;
  const { member } = access;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const integration = await requireIntegration(member.workspace.id, id).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  if (integration.provider !== "SALESFORCE" || !integration.isSandbox) notFound();
  const { tab } = await searchParams;
  const initialTab = TABS.find((t) => t === tab);

  let view: SalesforceSandboxView | null = null;
  let problem: string | null = null;
  try {
    view = await getSalesforceSandboxView(integration);
  } catch (err) {
    problem =
      err instanceof AppError
        ? err.message
        : "The Salesforce emulator did not answer. It runs beside Ferry (npm run dev starts it); check that it is still running, then reload.";
  }

  return (
    <>
      <Link href={`/w/${member.workspace.slug}/integrations`} className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900">
        <ChevronLeftIcon /> Integrations
      </Link>
      <PageHeader
        title="Salesforce emulator"
        description={`${view ? `${view.org.name} (${view.org.environment}, org ${view.org.id})` : integration.remoteTenant}: the Request records Ferry wrote and the Accounts and Contacts matching uses, as Salesforce would show them.${integration.status === "DISCONNECTED" ? " This integration is disconnected; the records stay." : ""}`}
        actions={<ReloadButton />}
      />
      {view ? (
        <SalesforceSandboxTabs view={view} initialTab={initialTab} />
      ) : (
        <Alert tone="error" title="The emulator org could not be read">
          {problem}
        </Alert>
      )}
    </>
  );
}
