import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { describeVitallyTenant } from "@/lib/integrations/vitally/remote-tenant";
import { getSandboxView } from "@/lib/integrations/vitally/sandbox-view";
import { Alert } from "@/components/ui/alert";
import { ChevronLeftIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { RoleRequired } from "@/components/shell/role-required";
import { ReloadButton } from "@/components/integrations/reload-button";
import { SandboxTabs, type SandboxTabKey } from "@/components/integrations/sandbox-tabs";
import { requirePageMember } from "@/app/_lib/page";

export const metadata: Metadata = { title: "Vitally sandbox" };

type Props = { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<{ tab?: string | string[] }> };

// A client module's exports are references on the server: the tab names are listed here too.
const TABS: readonly SandboxTabKey[] = ["instances", "conversations", "accounts", "organizations"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a sandbox integration's Vitally workspace holds, browsed as one would in Vitally. */
export default async function SandboxPage({ params, searchParams }: Props) {
  const access = await requirePageMember(params, "integrations.manage");
  if (!access.allowed) return <RoleRequired capability={access.capability} role={access.role} />;
  const { member } = access;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const integration = await requireIntegration(member.workspace.id, id).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  if (integration.provider !== "VITALLY" || !integration.isSandbox) notFound();
  const back = `/w/${member.workspace.slug}/integrations`;
  const { tab } = await searchParams;
  const initialTab = TABS.find((t) => t === tab);

  let view: Awaited<ReturnType<typeof getSandboxView>> | null = null;
  let problem: string | null = null;
  try {
    view = await getSandboxView(integration);
  } catch (err) {
    problem =
      err instanceof AppError
        ? err.message
        : "The sandbox did not answer. It runs beside Ferry (npm run dev starts it); check that it is still running, then reload.";
  }

  return (
    <>
      <Link href={back} className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900">
        <ChevronLeftIcon /> Integrations
      </Link>
      <PageHeader
        title="Vitally sandbox"
        description={`${describeVitallyTenant(integration)}: the organizations, accounts, “Ferry Requests” records and conversations this sandbox workspace holds, as Vitally would show them.${integration.status === "DISCONNECTED" ? " This integration is disconnected; the records stay." : ""}`}
        actions={<ReloadButton />}
      />
      {view ? (
        <SandboxTabs view={view} initialTab={initialTab} />
      ) : (
        <Alert tone="error" title="The sandbox could not be read">
          {problem}
        </Alert>
      )}
    </>
  );
}
