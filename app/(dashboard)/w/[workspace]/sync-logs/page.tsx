import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AppError } from "@/lib/errors";
import { listIntegrations } from "@/lib/integrations/list-integrations";
import { listSyncLogs } from "@/lib/sync/logs/list-sync-logs";
import { syncLogStats } from "@/lib/sync/logs/sync-log-stats";
import { hasSyncLogFilters, parseSyncLogsQuery, syncLogsQueryToSearchParams } from "@/lib/sync/logs/sync-logs-query";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LogIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { RoleRequired } from "@/components/shell/role-required";
import { SyncLogsTableSkeleton, SyncLogsView, type SyncLogsInitial } from "@/components/sync-logs/sync-logs-view";
import { requirePageMember } from "@/app/_lib/page";

export const metadata: Metadata = { title: "Sync logs" };

const ROW_PARTS = [
  ["When", "the time Ferry tried to send the request"],
  ["Request", "its number and requestor, linking to the request"],
  ["Destination", "Vitally or Salesforce"],
  ["Outcome", "synced, skipped or failed, with the reason in plain words"],
  ["Details", "what was created or updated there, and the error to fix if it failed"],
];

type Props = {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function SyncLogsPage({ params, searchParams }: Props) {
  const access = await requirePageMember(params, "logs.read");
  if (!access.allowed) return <RoleRequired capability={access.capability} role={access.role} />;
  const { member } = access;
  const base = `/w/${member.workspace.slug}`;

  // The first page and the chart are rendered on the server; the client takes over from the same keys.
  const parsed = parseSyncLogsQuery(await searchParams);
  let initial: SyncLogsInitial | null = null;
  if (parsed.success) {
    try {
      const [page, stats] = await Promise.all([
        listSyncLogs({ workspaceId: member.workspace.id, query: parsed.data }),
        syncLogStats({ workspaceId: member.workspace.id, filters: parsed.data }),
      ]);
      initial = { search: syncLogsQueryToSearchParams(parsed.data).toString(), page, stats };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  const nothingYet =
    initial !== null && initial.page.items.length === 0 && !parsed.data?.cursor && !hasSyncLogFilters(parsed.data ?? {}) &&
    (await listIntegrations({ workspaceId: member.workspace.id })).length === 0;

  return (
    <>
      <PageHeader title="Sync logs" description="A line for every attempt to send a request to Vitally or Salesforce." />
      {nothingYet ? (
        <Card>
          <EmptyState icon={<LogIcon />} title="Nothing has synced yet">
            <p>
              No integration is connected, so no request has been sent anywhere. Once one is connected in{" "}
              <Link href={`${base}/integrations`} className="font-medium text-indigo-600 hover:text-indigo-500">
                Integrations
              </Link>
              , each sync attempt appears here with:
            </p>
            <dl className="mx-auto mt-4 max-w-md space-y-1.5 text-left">
              {ROW_PARTS.map(([term, text]) => (
                <div key={term} className="grid grid-cols-[6.5rem_1fr] gap-2">
                  <dt className="font-medium text-zinc-800">{term}</dt>
                  <dd className="text-zinc-600">{text}</dd>
                </div>
              ))}
            </dl>
          </EmptyState>
        </Card>
      ) : (
        <Suspense
          fallback={
            <Card>
              <SyncLogsTableSkeleton />
            </Card>
          }
        >
          <SyncLogsView workspaceSlug={member.workspace.slug} initial={initial} />
        </Suspense>
      )}
    </>
  );
}
