import type { Metadata } from "next";
import { Suspense } from "react";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/auth/roles";
import { listRequests } from "@/lib/dashboard/list-requests";
import { requestsQueryToSearchParams, ZRequestsQuery, type RequestListPage } from "@/lib/dashboard/requests-query";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RoleRequired } from "@/components/shell/role-required";
import { RequestsTable, TableSkeleton } from "@/components/requests/requests-table";
import { requirePageMember } from "@/app/_lib/page";

export const metadata: Metadata = { title: "Requests" };

type Props = {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function RequestsPage({ params, searchParams }: Props) {
  const access = await requirePageMember(params, "requests.read");
  if (!access.allowed) return <RoleRequired title="Requests" capability={access.capability} role={access.role} />;
  const { member } = access;

  // The first page is rendered on the server; the client takes over from the same query key.
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = ZRequestsQuery.safeParse(raw);
  let initial: { search: string; page: RequestListPage } | null = null;
  if (parsed.success) {
    try {
      initial = {
        search: requestsQueryToSearchParams(parsed.data).toString(),
        page: await listRequests({ workspaceId: member.workspace.id, query: parsed.data }),
      };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }

  return (
    <>
      <PageHeader title="Requests" description={`Every customer request in ${member.workspace.name}, newest first unless you sort otherwise.`} />
      <Suspense fallback={<Card><TableSkeleton /></Card>}>
        <RequestsTable workspaceSlug={member.workspace.slug} initial={initial} canManageTokens={can(member.role, "tokens.manage")} />
      </Suspense>
    </>
  );
}
