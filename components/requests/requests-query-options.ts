import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { requestsQueryToSearchParams, type RequestListPage, type RequestsQuery } from "@/lib/dashboard/requests-query";

export class RequestsFetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** One page of a workspace's requests table; every input of the query is in the key. */
export function requestsQueryOptions(workspaceSlug: string, query: RequestsQuery) {
  return queryOptions({
    queryKey: ["requests", workspaceSlug, query] as const,
    queryFn: async ({ signal }): Promise<RequestListPage> => {
      const params = requestsQueryToSearchParams(query);
      const res = await fetch(`/api/w/${encodeURIComponent(workspaceSlug)}/requests?${params}`, {
        signal,
        headers: { accept: "application/json" },
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        throw new RequestsFetchError(body?.error?.message ?? "Requests could not be loaded.", res.status);
      }
      return body as RequestListPage;
    },
    placeholderData: keepPreviousData,
  });
}
