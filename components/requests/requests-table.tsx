"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  hasFilters,
  requestsQueryToSearchParams,
  ZRequestsQuery,
  type RequestListPage,
  type RequestsQuery,
} from "@/lib/dashboard/requests-query";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ChevronLeftIcon, ChevronRightIcon, InboxIcon, RefreshIcon, SearchIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { CHANNEL_SHORT } from "@/components/requests/labels";
import { StatusBadge, UrgencyBadge } from "@/components/requests/request-badges";
import { RequestsFilters, type FilterPatch } from "@/components/requests/requests-filters";
import { requestsQueryOptions } from "@/components/requests/requests-query-options";

const COLUMNS = ["Number", "Title", "Requestor", "Channel", "Status", "Urgency", "Assignee", "Created"];

/**
 * The requests table. Its whole state (search, filters, sort, page cursor) lives in the URL, so a
 * view can be shared or reloaded; pages come from /api/w/:workspace/requests through TanStack Query.
 */
export function RequestsTable({
  workspaceSlug,
  initial,
  canManageTokens,
}: {
  workspaceSlug: string;
  initial: { search: string; page: RequestListPage } | null;
  canManageTokens: boolean;
}) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const parsed = useMemo(() => ZRequestsQuery.safeParse(Object.fromEntries(new URLSearchParams(search))), [search]);

  // The URL is the state: history.replaceState/pushState update useSearchParams at once, without a
  // server round trip (TanStack Query fetches the page). Patches apply to the URL as it is now, so
  // two quick changes (from, then to) both stick.
  const navigate = useCallback(
    (update: (current: RequestsQuery) => Partial<RequestsQuery>, mode: "replace" | "push" = "replace") => {
      const current = ZRequestsQuery.safeParse(Object.fromEntries(new URLSearchParams(window.location.search)));
      const params = requestsQueryToSearchParams(update(current.success ? current.data : ZRequestsQuery.parse({}))).toString();
      const url = params ? `${pathname}?${params}` : pathname;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );

  if (!parsed.success) {
    return (
      <Card>
        <EmptyState icon={<SearchIcon />} title="This address has filters Ferry does not understand" action={<ButtonLink href={pathname} variant="secondary">Show all requests</ButtonLink>}>
          {parsed.error.issues.map((i) => i.message).join(" ")}
        </EmptyState>
      </Card>
    );
  }
  return (
    <Loaded
      workspaceSlug={workspaceSlug}
      query={parsed.data}
      initial={initial && initial.search === requestsQueryToSearchParams(parsed.data).toString() ? initial.page : undefined}
      navigate={navigate}
      canManageTokens={canManageTokens}
    />
  );
}

function Loaded({
  workspaceSlug,
  query,
  initial,
  navigate,
  canManageTokens,
}: {
  workspaceSlug: string;
  query: RequestsQuery;
  initial: RequestListPage | undefined;
  navigate: (update: (current: RequestsQuery) => Partial<RequestsQuery>, mode?: "replace" | "push") => void;
  canManageTokens: boolean;
}) {
  const result = useQuery({ ...requestsQueryOptions(workspaceSlug, query), initialData: initial });
  const { data, isPending, isError, error, refetch, isFetching, isPlaceholderData } = result;
  const filtered = hasFilters(query);

  const onChange = useCallback(
    // A new filter or sort starts again at the first page.
    (patch: FilterPatch) => navigate((current) => ({ ...current, ...patch, cursor: undefined })),
    [navigate],
  );
  const clear = useCallback(() => navigate((current) => ({ sort: current.sort, dir: current.dir })), [navigate]);
  const goTo = (cursor: string | null) => navigate((current) => ({ ...current, cursor: cursor ?? undefined }), "push");

  let body: React.ReactNode;
  if (isError && !data) {
    body = (
      <div className="p-4">
        <Alert
          tone="error"
          title="Requests could not be loaded"
          action={
            <Button variant="secondary" size="sm" onClick={() => refetch()}>
              <RefreshIcon /> Retry
            </Button>
          }
        >
          {error.message}
        </Alert>
      </div>
    );
  } else if (isPending) {
    body = <TableSkeleton />;
  } else if (data.items.length === 0) {
    body = filtered ? (
      <EmptyState icon={<SearchIcon />} title="No requests match these filters" action={<Button variant="secondary" onClick={clear}>Clear filters</Button>}>
        Try another search, or widen the status, channel, urgency or date range.
      </EmptyState>
    ) : query.cursor ? (
      <EmptyState icon={<InboxIcon />} title="No more requests" action={<Button variant="secondary" onClick={() => goTo(null)}>Back to the first page</Button>} />
    ) : (
      <EmptyState
        icon={<InboxIcon />}
        title="No requests yet"
        action={canManageTokens ? <ButtonLink href={`/w/${workspaceSlug}/settings#api-tokens`} variant="secondary">Create an API token</ButtonLink> : null}
      >
        Requests arrive from your support platform through Ferry&rsquo;s API (<code className="font-mono text-xs">POST /api/v1/requests</code>),
        authenticated with a workspace API token. {canManageTokens ? "Create a token in Settings to connect it." : "An owner or admin creates the token in Settings."}
      </EmptyState>
    );
  } else {
    body = (
      <>
        {isError ? (
          <div className="px-4 pt-3">
            <Alert tone="error" action={<Button variant="secondary" size="sm" onClick={() => refetch()}>Retry</Button>}>
              Showing the last page that loaded: {error.message}
            </Alert>
          </div>
        ) : null}
        <div aria-busy={isFetching} className={cn("transition-opacity", isPlaceholderData && "opacity-60")}>
          <Table aria-label="Requests">
            <THead>
              <tr>
                {COLUMNS.map((c) => (
                  <TH key={c}>{c}</TH>
                ))}
              </tr>
            </THead>
            <tbody>
              {data.items.map((r) => {
                const href = `/w/${workspaceSlug}/requests/${r.number}`;
                return (
                  <TR key={r.id} className="hover:bg-zinc-50/80">
                    <TD className="w-16 font-mono text-xs leading-5 text-zinc-500">
                      <Link href={href} className="hover:text-indigo-600">
                        #{r.number}
                      </Link>
                    </TD>
                    <TD className="min-w-48">
                      <Link href={href} className="line-clamp-2 font-medium text-zinc-900 hover:text-indigo-600">
                        {r.title}
                      </Link>
                    </TD>
                    <TD className="max-w-44">
                      <div className="truncate text-zinc-900">{r.requestorName}</div>
                      <div className="truncate text-xs text-zinc-500">{r.requestorCompany ?? r.requestorEmail ?? ""}</div>
                    </TD>
                    <TD className="whitespace-nowrap">{CHANNEL_SHORT[r.channel]}</TD>
                    <TD>
                      <StatusBadge status={r.status} />
                    </TD>
                    <TD>
                      <UrgencyBadge urgency={r.urgency} />
                    </TD>
                    <TD className="max-w-36 truncate">{r.assigneeName ?? <span className="text-zinc-400">Unassigned</span>}</TD>
                    <TD className="text-zinc-500">
                      <LocalTime value={r.createdAt} style="date" />
                    </TD>
                  </TR>
                );
              })}
            </tbody>
          </Table>
        </div>
        <nav aria-label="Pages" className="flex items-center justify-between border-t border-zinc-100 px-4 py-3">
          <p className="text-xs text-zinc-500" aria-live="polite">
            {data.items.length} {data.items.length === 1 ? "request" : "requests"} on this page
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
    <Card>
      <RequestsFilters query={query} onChange={onChange} onClear={clear} filtered={filtered} />
      {body}
    </Card>
  );
}

export function TableSkeleton() {
  return (
    <div role="status" aria-label="Loading requests" className="divide-y divide-zinc-100">
      <div className="flex gap-6 bg-zinc-50/80 px-3 py-3">
        {COLUMNS.map((c) => (
          <Skeleton key={c} className="h-3 w-16" />
        ))}
      </div>
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex items-center gap-6 px-3 py-4">
          <Skeleton className="h-3 w-10" />
          <Skeleton className="h-3 w-72" />
          <Skeleton className="h-3 w-32" />
          <Skeleton className="h-3 w-14" />
          <Skeleton className="h-5 w-16" />
          <Skeleton className="h-5 w-14" />
          <Skeleton className="h-3 w-24" />
          <Skeleton className="h-3 w-24" />
        </div>
      ))}
    </div>
  );
}
