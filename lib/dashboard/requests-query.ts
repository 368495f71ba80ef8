import { z } from "zod";
import { Channel, RequestStatus, Urgency } from "@/generated/prisma/enums";

/**
 * The requests table's query: what the URL's search params hold, what the dashboard route parses
 * and what list-requests answers. No database here, so client components can import it.
 */
export const REQUEST_SORTS = ["created", "updated", "number"] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];
export const PAGE_SIZE = 25;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const isoDay = z.iso.date("Use a date like 2026-01-31.");

export const ZRequestsQuery = z
  .object({
    q: optional(z.string().trim().max(200, "Search with at most 200 characters.")),
    status: optional(z.enum(RequestStatus, "Unknown status.")),
    channel: optional(z.enum(Channel, "Unknown channel.")),
    urgency: optional(z.enum(Urgency, "Unknown urgency.")),
    from: optional(isoDay),
    to: optional(isoDay),
    sort: z.preprocess(blankToUndefined, z.enum(REQUEST_SORTS, "Sort by created, updated or number.").default("created")),
    dir: z.preprocess(blankToUndefined, z.enum(["asc", "desc"], "Sort asc or desc.").default("desc")),
    cursor: optional(z.string().max(500)),
    limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(PAGE_SIZE)),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "The end date is before the start date." });

export type RequestsQuery = z.output<typeof ZRequestsQuery>;
export type RequestsQueryInput = z.input<typeof ZRequestsQuery>;

export type RequestListItem = {
  id: string;
  number: number;
  title: string;
  requestorName: string;
  requestorEmail: string | null;
  requestorCompany: string | null;
  channel: Channel;
  status: RequestStatus;
  urgency: Urgency | null;
  assigneeName: string | null;
  createdAt: string;
  updatedAt: string;
};

export type RequestListPage = {
  items: RequestListItem[];
  /** Opaque keyset cursors (sort key + id); null when there is no such page. */
  nextCursor: string | null;
  prevCursor: string | null;
};

/** The filters a person set (everything that narrows the list, not sort or page). */
export function hasFilters(q: Pick<RequestsQuery, "q" | "status" | "channel" | "urgency" | "from" | "to">): boolean {
  return Boolean(q.q || q.status || q.channel || q.urgency || q.from || q.to);
}

/** The query as URL search params, leaving out defaults so shared links stay short. */
export function requestsQueryToSearchParams(q: Partial<RequestsQuery>): URLSearchParams {
  const params = new URLSearchParams();
  const defaults: Record<string, unknown> = { sort: "created", dir: "desc", limit: PAGE_SIZE };
  for (const key of ["q", "status", "channel", "urgency", "from", "to", "sort", "dir", "cursor", "limit"] as const) {
    const value = q[key];
    if (value === undefined || value === null || value === "" || defaults[key] === value) continue;
    params.set(key, String(value));
  }
  return params;
}
