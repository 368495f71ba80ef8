"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import type { SalesforceApiUsage } from "@/lib/integrations/salesforce/get-salesforce-api-usage";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/skeleton";

/** The org's daily API usage as Salesforce reports it; one /limits call per minute while the page is open. */
export function salesforceUsageQueryOptions(workspaceSlug: string, integrationId: string) {
  return queryOptions({
    queryKey: ["salesforce-usage", workspaceSlug, integrationId] as const,
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/w/${encodeURIComponent(workspaceSlug)}/integrations/salesforce/usage?integrationId=${encodeURIComponent(integrationId)}`, {
        signal,
        headers: { accept: "application/json" },
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message ?? "The API usage could not be loaded.");
      return body as SalesforceApiUsage;
    },
    refetchInterval: 60_000,
    retry: false,
  });
}

/** "Salesforce API calls today": used of the org's rolling 24 h allocation, with where Ferry pauses. */
export function SalesforceApiUsageMeter({ workspaceSlug, integrationId }: { workspaceSlug: string; integrationId: string }) {
  const usage = useQuery(salesforceUsageQueryOptions(workspaceSlug, integrationId));
  if (usage.isPending) {
    return (
      <span role="status" aria-label="Loading the API usage" className="block space-y-1.5">
        <Skeleton className="h-4 w-40" />
        <Skeleton className="h-1.5 w-full" />
      </span>
    );
  }
  if (usage.isError) {
    return (
      <span className="block text-sm text-red-700">
        {usage.error.message}{" "}
        <Button variant="ghost" size="sm" onClick={() => usage.refetch()}>
          Try again
        </Button>
      </span>
    );
  }
  const { used, max, pauseAt, checkedAt } = usage.data;
  const share = max > 0 ? Math.min(1, used / max) : 0;
  const pauseShare = max > 0 ? pauseAt / max : 1;
  return (
    <>
      <span className="font-semibold text-zinc-900">{used.toLocaleString("en")}</span> of {max.toLocaleString("en")} in the last 24 h
      <span
        role="meter"
        aria-label="Share of the org's daily API allocation used"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={used}
        className="relative mt-1.5 block h-1.5 overflow-hidden rounded-full bg-zinc-100"
      >
        <span className={`block h-full rounded-full ${used >= pauseAt ? "bg-red-500" : share > 0.7 ? "bg-amber-500" : "bg-indigo-500"}`} style={{ width: `${share * 100}%` }} />
        <span aria-hidden className="absolute top-0 h-full w-px bg-zinc-500" style={{ left: `${pauseShare * 100}%` }} />
      </span>
      <span className="mt-1 block text-xs text-zinc-500">
        Ferry pauses at {pauseAt.toLocaleString("en")} · as of <LocalTime value={checkedAt} />
      </span>
    </>
  );
}
