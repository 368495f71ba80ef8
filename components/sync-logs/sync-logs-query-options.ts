import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { SyncLogDetail } from "@/lib/sync/logs/get-sync-log";
import type { SyncLogStats } from "@/lib/sync/logs/sync-log-stats";
import { syncLogsQueryToSearchParams, type SyncLogPage, type SyncLogsQuery } from "@/lib/sync/logs/sync-logs-query";

/** How often an open sync logs page refreshes itself (TanStack Query pauses it while the tab is hidden). */
export const SYNC_LOGS_REFRESH_MS = 5_000;

export class SyncLogsFetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, signal: AbortSignal, what: string): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new SyncLogsFetchError(body?.error?.message ?? `${what} could not be loaded.`, res.status);
  return body as T;
}

const base = (workspaceSlug: string) => `/api/w/${encodeURIComponent(workspaceSlug)}/sync-logs`;

/** One keyset page of the sync logs; every input of the query is in the key. */
export function syncLogsQueryOptions(workspaceSlug: string, query: SyncLogsQuery) {
  return queryOptions({
    queryKey: ["sync-logs", workspaceSlug, query] as const,
    queryFn: ({ signal }) => getJson<SyncLogPage>(`${base(workspaceSlug)}?${syncLogsQueryToSearchParams(query)}`, signal, "Sync logs"),
    placeholderData: keepPreviousData,
    refetchInterval: SYNC_LOGS_REFRESH_MS,
  });
}

/** The chart's counts for the same filters (cursor and page size do not change them). */
export function syncLogStatsQueryOptions(workspaceSlug: string, query: SyncLogsQuery) {
  const filters = { ...query, cursor: undefined, limit: undefined };
  return queryOptions({
    queryKey: ["sync-log-stats", workspaceSlug, filters] as const,
    queryFn: ({ signal }) => getJson<SyncLogStats>(`${base(workspaceSlug)}/stats?${syncLogsQueryToSearchParams(filters)}`, signal, "The chart"),
    placeholderData: keepPreviousData,
    refetchInterval: SYNC_LOGS_REFRESH_MS,
  });
}

/** One attempt in full, for the detail dialog. */
export function syncLogDetailQueryOptions(workspaceSlug: string, id: string) {
  return queryOptions({
    queryKey: ["sync-log", workspaceSlug, id] as const,
    queryFn: ({ signal }) => getJson<SyncLogDetail>(`${base(workspaceSlug)}/entry?id=${encodeURIComponent(id)}`, signal, "This attempt"),
    staleTime: Infinity,
  });
}

/** The CSV download of the rows the filters select (all pages). */
export function syncLogsExportUrl(workspaceSlug: string, query: SyncLogsQuery): string {
  const params = syncLogsQueryToSearchParams({ ...query, cursor: undefined, limit: undefined });
  const search = params.toString();
  return `${base(workspaceSlug)}/export${search ? `?${search}` : ""}`;
}
