"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
import type { SyncLogStats } from "@/lib/sync/logs/sync-log-stats";
import {
  hasSyncLogFilters,
  parseSyncLogsQuery,
  syncLogsQueryToSearchParams,
  ZSyncLogsQuery,
  type SyncLogPage,
  type SyncLogsQuery,
} from "@/lib/sync/logs/sync-logs-query";
import { describeReason } from "@/lib/sync/reason-codes";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink, buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ChevronLeftIcon, ChevronRightIcon, LogIcon, RefreshIcon, SearchIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { DESTINATION, KIND, OUTCOME } from "@/components/sync-logs/labels";
import { LiveIndicator } from "@/components/sync-logs/live-indicator";
import { SyncLogDetailDialog } from "@/components/sync-logs/sync-log-detail-dialog";
import { SyncLogsChart } from "@/components/sync-logs/sync-logs-chart";
import { SyncLogsFilters, type SyncLogsPatch } from "@/components/sync-logs/sync-logs-filters";
import {
  SYNC_LOGS_REFRESH_MS,
  syncLogsExportUrl,
  syncLogsQueryOptions,
  syncLogStatsQueryOptions,
} from "@/components/sync-logs/sync-logs-query-options";

const COLUMNS = ["When", "Request", "Destination", "Outcome", "Reason", "Calls · time", ""];

export type SyncLogsInitial = { search: string; page: SyncLogPage; stats: SyncLogStats };

const noSubscription = () => () => {};
/** The reader's time zone for whole days and chart buckets; UTC while rendering on the server. */
function useBrowserTimeZone(): string {
  return useSyncExternalStore(noSubscription, () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", () => "UTC");
}

/**
 * The sync logs: chart, filters, table with keyset pages, detail dialog and CSV export. The whole
 * state lives in the URL (shareable); data comes from /api/w/:workspace/sync-logs… through TanStack
 * Query and refreshes itself every few seconds while the tab is visible.
 */
export function SyncLogsView({ workspaceSlug, initial }: { workspaceSlug: string; initial: SyncLogsInitial | null }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const timeZone = useBrowserTimeZone();
  const parsed = useMemo(() => parseSyncLogsQuery(new URLSearchParams(search)), [search]);

  const navigate = useCallback(
    (update: (current: SyncLogsQuery) => Partial<SyncLogsQuery>, mode: "replace" | "push" = "replace") => {
      const current = parseSyncLogsQuery(new URLSearchParams(window.location.search));
      const params = syncLogsQueryToSearchParams(update(current.success ? current.data : ZSyncLogsQuery.parse({}))).toString();
      const url = params ? `${pathname}?${params}` : pathname;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );

  if (!parsed.success) {
    return (
      <Card>
        <EmptyState
          icon={<SearchIcon />}
          title="This address has filters Ferry does not understand"
          action={<ButtonLink href={pathname} variant="secondary">Show all sync logs</ButtonLink>}
        >
          {parsed.error.issues.map((i) => i.message).join(" ")}
        </EmptyState>
      </Card>
    );
  }
  // The time zone comes from the URL when someone shared one, else from the reader's browser.
  const query = new URLSearchParams(search).has("tz") ? parsed.data : { ...parsed.data, tz: timeZone };
  const matchesInitial = initial && initial.search === syncLogsQueryToSearchParams(query).toString();
  return <Loaded workspaceSlug={workspaceSlug} query={query} initial={matchesInitial ? initial : null} navigate={navigate} />;
}

function Loaded({
  workspaceSlug,
  query,
  initial,
  navigate,
}: {
  workspaceSlug: string;
  query: SyncLogsQuery;
  initial: SyncLogsInitial | null;
  navigate: (update: (current: SyncLogsQuery) => Partial<SyncLogsQuery>, mode?: "replace" | "push") => void;
}) {
  const list = useQuery({ ...syncLogsQueryOptions(workspaceSlug, query), initialData: initial?.page });
  const stats = useQuery({ ...syncLogStatsQueryOptions(workspaceSlug, query), initialData: initial?.stats });
  const [openId, setOpenId] = useState<string | null>(null);
  const filtered = hasSyncLogFilters(query);

  const onChange = useCallback((patch: SyncLogsPatch) => navigate((current) => ({ ...current, ...patch, cursor: undefined })), [navigate]);
  const clear = useCallback(() => navigate((current) => ({ tz: current.tz })), [navigate]);
  const goTo = (cursor: string | null) => navigate((current) => ({ ...current, cursor: cursor ?? undefined }), "push");
  const { data, isPending, isError, error, refetch, isFetching, isPlaceholderData } = list;

  let body: React.ReactNode;
  if (isError && !data) {
    body = (
      <div className="p-4">
        <Alert tone="error" title="Sync logs could not be loaded" action={<Button variant="secondary" size="sm" onClick={() => refetch()}><RefreshIcon /> Retry</Button>}>
          {error.message}
        </Alert>
      </div>
    );
  } else if (isPending) {
    body = <SyncLogsTableSkeleton />;
  } else if (data.items.length === 0) {
    body = filtered ? (
      <EmptyState icon={<SearchIcon />} title="No sync attempts match these filters" action={<Button variant="secondary" onClick={clear}>Clear filters</Button>}>
        Try another search, or widen the outcome, reason or dates.
      </EmptyState>
    ) : query.cursor ? (
      <EmptyState icon={<LogIcon />} title="No more sync attempts" action={<Button variant="secondary" onClick={() => goTo(null)}>Back to the first page</Button>} />
    ) : (
      <EmptyState icon={<LogIcon />} title="No sync attempts yet">
        A destination is connected; each attempt to send a request appears here within seconds, as requests are created or change.
      </EmptyState>
    );
  } else {
    body = (
      <>
        {isError ? (
          <div className="px-4 pt-3">
            <Alert tone="error" action={<Button variant="secondary" size="sm" onClick={() => refetch()}>Retry</Button>}>
              Showing the last rows that loaded: {error.message}
            </Alert>
          </div>
        ) : null}
        <div aria-busy={isFetching} className={cn("transition-opacity", isPlaceholderData && "opacity-60")}>
          <Table aria-label="Sync attempts">
            <THead>
              <tr>
                {COLUMNS.map((c, i) => (
                  <TH key={i}>{c || <span className="sr-only">Details</span>}</TH>
                ))}
              </tr>
            </THead>
            <tbody>
              {data.items.map((r) => {
                const destination = DESTINATION[r.provider];
                const reason = r.reasonCode ? describeReason(r.reasonCode, { destination }).title : null;
                return (
                  <TR key={r.id} className="cursor-pointer hover:bg-zinc-50/80" onClick={() => setOpenId(r.id)}>
                    <TD className="text-zinc-500">
                      <LocalTime value={r.createdAt} />
                    </TD>
                    <TD className="max-w-56">
                      {r.requestNumber ? (
                        <Link
                          href={`/w/${workspaceSlug}/requests/${r.requestNumber}`}
                          onClick={(e) => e.stopPropagation()}
                          className="font-mono text-xs font-medium text-zinc-700 hover:text-indigo-600"
                        >
                          #{r.requestNumber}
                        </Link>
                      ) : (
                        <span className="text-xs text-zinc-500">{KIND[r.kind]} check</span>
                      )}
                      {r.requestorEmail ? <div className="truncate text-xs text-zinc-500">{r.requestorEmail}</div> : null}
                    </TD>
                    <TD className="whitespace-nowrap">
                      {destination}
                      {r.kind !== "REQUEST" && r.requestNumber ? <span className="block text-xs text-zinc-500">{KIND[r.kind]}</span> : null}
                    </TD>
                    <TD>
                      <Badge tone={OUTCOME[r.outcome].tone}>{OUTCOME[r.outcome].label}</Badge>
                    </TD>
                    <TD className="max-w-md">
                      {reason ? <div className="text-zinc-800">{reason}</div> : null}
                      {r.message ? <div className="line-clamp-2 text-xs text-zinc-500">{r.message}</div> : null}
                    </TD>
                    <TD className="whitespace-nowrap text-zinc-500 tabular-nums">
                      {r.callsCount} · {r.durationMs} ms
                    </TD>
                    <TD className="text-right">
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={(e) => {
                          e.stopPropagation();
                          setOpenId(r.id);
                        }}
                        aria-label={`Details of the attempt at ${new Date(r.createdAt).toISOString()}${r.requestNumber ? ` for request #${r.requestNumber}` : ""}`}
                      >
                        Details
                      </Button>
                    </TD>
                  </TR>
                );
              })}
            </tbody>
          </Table>
        </div>
        <nav aria-label="Pages" className="flex items-center justify-between border-t border-zinc-100 px-4 py-3">
          <p className="text-xs text-zinc-500" aria-live="polite">
            {data.items.length} {data.items.length === 1 ? "attempt" : "attempts"} on this page
          </p>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={!data.prevCursor || isFetching} onClick={() => goTo(data.prevCursor)}>
              <ChevronLeftIcon /> Previous
            </Button>
            <Button variant="secondary" size="sm" disabled={!data.nextCursor || isFetching} onClick={() => goTo(data.nextCursor)}>
              Next <ChevronRightIcon />
            </Button>
          </div>
        </nav>
      </>
    );
  }

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Outcomes over time"
          description={filtered ? "For the attempts the filters select." : "All attempts; without dates, the last 7 days."}
          action={<LiveIndicator updatedAt={list.dataUpdatedAt} everySeconds={SYNC_LOGS_REFRESH_MS / 1000} failing={list.isError || stats.isError} />}
        />
        <div className="px-5 py-4">
          {stats.data ? (
            <div className={cn("transition-opacity", stats.isPlaceholderData && "opacity-60")}>
              <SyncLogsChart stats={stats.data} />
            </div>
          ) : stats.isError ? (
            <Alert tone="error" title="The chart could not be loaded" action={<Button variant="secondary" size="sm" onClick={() => stats.refetch()}>Retry</Button>}>
              {stats.error.message}
            </Alert>
          ) : (
            <Skeleton className="h-44 w-full" />
          )}
        </div>
      </Card>
      <Card>
        <div className="flex items-center justify-between gap-3 border-b border-zinc-100 px-4 py-3">
          <h2 className="text-sm font-semibold text-zinc-900">Attempts</h2>
          <a href={syncLogsExportUrl(workspaceSlug, query)} download className={buttonClass("secondary", "sm")}>
            Export CSV
          </a>
        </div>
        <SyncLogsFilters query={query} onChange={onChange} onClear={clear} filtered={filtered} />
        {body}
      </Card>
      <SyncLogDetailDialog workspaceSlug={workspaceSlug} id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

export function SyncLogsTableSkeleton() {
  return (
    <div role="status" aria-label="Loading sync logs" className="divide-y divide-zinc-100">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex items-center gap-6 px-3 py-4">
          <Skeleton className="h-3 w-28" />
          <Skeleton className="h-3 w-20" />
          <Skeleton className="h-3 w-16" />
          <Skeleton className="h-5 w-16" />
          <Skeleton className="h-3 w-72" />
          <Skeleton className="h-3 w-16" />
        </div>
      ))}
    </div>
  );
}
