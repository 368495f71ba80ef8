import { z } from "zod";
import { IntegrationProvider, SyncKind, SyncOutcome } from "@/generated/prisma/enums";

/**
 * The sync logs page's query: what the URL's search params hold, what the page parses and what
 * list-sync-logs, sync-log-stats and export-sync-logs-csv answer. No database here, so client
 * components can import it.
 *
 * URL shape (every key optional):
 *   outcome=failed,skipped   (or repeated: outcome=failed&outcome=skipped; case-insensitive)
 *   reason=<reason code>     destination=vitally|salesforce      kind=request|conversation|message|schema
 *   requestNumber=135        requestId=<uuid>
 *   range=24h|3d|7d|30d|90d  (relative to now; wins over from/to)
 *   from=2026-11-01 | 2026-11-01T09:00:00Z    to=2026-11-07 (whole day, inclusive) | <datetime> (exclusive)
 *   tz=Europe/Paris          (IANA zone for whole days and chart buckets; default UTC)
 *   q=135 | #135 | jane@acme | Jane@Acme.com   (digits: request number; else requestor email prefix, case-insensitive)
 *   cursor=<opaque>          limit=1..200 (default 50)
 */
export const SYNC_LOG_PAGE_SIZE = 50;
export const SYNC_LOG_MAX_PAGE_SIZE = 200;
export const SYNC_LOG_RANGES = ["24h", "3d", "7d", "30d", "90d"] as const;
export type SyncLogRange = (typeof SYNC_LOG_RANGES)[number];
export const RANGE_MS: Record<SyncLogRange, number> = {
  "24h": 24 * 3_600_000,
  "3d": 3 * 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
};

const OUTCOMES = Object.values(SyncOutcome) as [SyncOutcome, ...SyncOutcome[]];
const PROVIDERS = Object.values(IntegrationProvider) as [IntegrationProvider, ...IntegrationProvider[]];
const KINDS = Object.values(SyncKind) as [SyncKind, ...SyncKind[]];

/** Reason codes are a closed list owned by lib/sync/reason-codes.ts; here only their shape is checked. */
export const REASON_CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const one = first(v);
  return typeof one === "string" && one.trim() === "" ? undefined : one;
};
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const upper = (v: unknown) => {
  const one = blankToUndefined(v);
  return typeof one === "string" ? one.trim().toUpperCase() : one;
};

/** "failed,skipped" | ["failed", "skipped"] | undefined → ["FAILED", "SKIPPED"] (deduplicated, in enum order). */
const outcomeList = z.preprocess(
  (v) => {
    if (v === undefined || v === null) return [];
    const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === "string" ? x.split(",") : [x]));
    return parts.map((p) => (typeof p === "string" ? p.trim().toUpperCase() : p)).filter((p) => p !== "");
  },
  z
    .array(z.enum(OUTCOMES, "Outcome is synced, skipped or failed."))
    .transform((list) => OUTCOMES.filter((o) => list.includes(o))),
);

/** An IANA zone name ("Europe/Paris", "UTC"): offsets like "+05:30" are refused, as PostgreSQL reads their sign the POSIX way (inverted). */
function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z_]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
/** A whole day (YYYY-MM-DD, in `tz`) or an exact instant (ISO 8601 with Z or an offset). */
const dayOrInstant = z
  .string()
  .trim()
  .refine(
    (v) => (isoDay.test(v) ? !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) : z.iso.datetime({ offset: true }).safeParse(v).success),
    "Use a date like 2026-01-31 or a time like 2026-01-31T09:00:00Z.",
  );

export const ZSyncLogsQuery = z
  .object({
    outcome: outcomeList.default([]),
    reason: optional(z.string().trim().regex(REASON_CODE_PATTERN, "Unknown reason code.")),
    destination: z.preprocess(upper, z.enum(PROVIDERS, "Destination is vitally or salesforce.").optional()),
    kind: z.preprocess(upper, z.enum(KINDS, "Kind is request, conversation, message or schema.").optional()),
    requestNumber: optional(z.coerce.number("Use a request number like 135.").int("Use a request number like 135.").min(1).max(2_147_483_647)),
    requestId: optional(z.uuid("Not a request id.")),
    range: optional(z.enum(SYNC_LOG_RANGES, "Range is 24h, 3d, 7d, 30d or 90d.")),
    from: optional(dayOrInstant),
    to: optional(dayOrInstant),
    tz: z.preprocess(blankToUndefined, z.string().trim().max(64).refine(isTimeZone, "Unknown time zone.").default("UTC")),
    q: optional(z.string().trim().max(320, "Search with at most 320 characters.")),
    cursor: optional(z.string().max(300)),
    limit: z.preprocess(
      blankToUndefined,
      z.coerce.number().int().min(1).max(SYNC_LOG_MAX_PAGE_SIZE, `Show at most ${SYNC_LOG_MAX_PAGE_SIZE} rows.`).default(SYNC_LOG_PAGE_SIZE),
    ),
  })
  .refine(
    (v) => {
      if (!v.from || !v.to) return true;
      const start = boundary(v.from, v.tz, "start");
      const end = boundary(v.to, v.tz, "end");
      return start.getTime() < end.getTime();
    },
    { path: ["to"], message: "The end is before the start." },
  );

export type SyncLogsQuery = z.output<typeof ZSyncLogsQuery>;
export type SyncLogsQueryInput = z.input<typeof ZSyncLogsQuery>;

/** Milliseconds to add to a UTC instant to read the wall clock in `tz` at that instant. */
function zoneOffsetMs(at: number, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant a calendar day starts in `tz` (midnight, or the first instant after a DST gap). */
export function zonedDayStart(day: string, tz: string): Date {
  const wall = Date.parse(`${day}T00:00:00.000Z`);
  let at = wall - zoneOffsetMs(wall, tz);
  const corrected = wall - zoneOffsetMs(at, tz);
  if (corrected !== at && zoneOffsetMs(corrected, tz) === wall - corrected) at = corrected;
  return new Date(at);
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** `from` is inclusive; `to` is exclusive: a whole day `to` ends at the start of the next day. */
function boundary(value: string, tz: string, side: "start" | "end"): Date {
  if (!isoDay.test(value)) return new Date(value);
  return zonedDayStart(side === "start" ? value : nextDay(value), tz);
}

/** The time window the filters select: `range` (relative to now) wins over `from`/`to`. */
export function resolveTimeRange(
  q: Pick<SyncLogsQuery, "range" | "from" | "to" | "tz">,
  now: Date,
): { from: Date | null; to: Date | null } {
  if (q.range) return { from: new Date(now.getTime() - RANGE_MS[q.range]), to: null };
  return {
    from: q.from ? boundary(q.from, q.tz, "start") : null,
    to: q.to ? boundary(q.to, q.tz, "end") : null,
  };
}

/** The filters only (what narrows the rows; not cursor, limit or time zone). */
export type SyncLogFilters = Omit<SyncLogsQuery, "cursor" | "limit">;

const KEYS = ["outcome", "reason", "destination", "kind", "requestNumber", "requestId", "range", "from", "to", "tz", "q", "cursor", "limit"] as const;

/**
 * Parses a page's search params: URLSearchParams, or Next's `Record<string, string | string[] | undefined>`.
 * Returns zod's result so the page can show field errors.
 */
export function parseSyncLogsQuery(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const raw: Record<string, unknown> = {};
  if (params instanceof URLSearchParams) {
    for (const key of KEYS) {
      const all = params.getAll(key);
      if (all.length) raw[key] = key === "outcome" ? all : all[0];
    }
  } else {
    for (const key of KEYS) if (params[key] !== undefined) raw[key] = params[key];
  }
  return ZSyncLogsQuery.safeParse(raw);
}

/** What a person set that narrows the rows. */
export function hasSyncLogFilters(q: Partial<SyncLogFilters>): boolean {
  return Boolean(
    (q.outcome && q.outcome.length > 0) || q.reason || q.destination || q.kind || q.requestNumber || q.requestId || q.range || q.from || q.to || q.q,
  );
}

/** The query as URL search params, leaving out defaults so shared links stay short. */
export function syncLogsQueryToSearchParams(q: Partial<SyncLogsQuery>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = q[key];
    if (value === undefined || value === null || value === "") continue;
    if (key === "outcome") {
      const list = value as SyncOutcome[];
      if (list.length) params.set(key, list.map((o) => o.toLowerCase()).join(","));
      continue;
    }
    if ((key === "tz" && value === "UTC") || (key === "limit" && value === SYNC_LOG_PAGE_SIZE)) continue;
    params.set(key, key === "destination" || key === "kind" ? String(value).toLowerCase() : String(value));
  }
  return params;
}

/** How the search box's text is read: digits are a request number, anything else an email prefix. */
export type SyncLogSearch = { requestNumber: number } | { emailPrefix: string } | null;

export function interpretSearch(q: string | undefined): SyncLogSearch {
  const text = (q ?? "").trim();
  if (!text) return null;
  const number = /^#?(\d+)$/.exec(text);
  if (number) {
    const n = Number(number[1]);
    // A number no request can have matches nothing rather than everything.
    return { requestNumber: n >= 1 && n <= 2_147_483_647 ? n : 0 };
  }
  return { emailPrefix: text.toLowerCase() };
}

export type SyncLogListItem = {
  /** SyncLog id (a bigint, as a string). */
  id: string;
  createdAt: string;
  integrationId: string;
  provider: IntegrationProvider;
  kind: SyncKind;
  requestId: string | null;
  requestNumber: number | null;
  requestorEmail: string | null;
  trigger: string;
  outcome: SyncOutcome;
  reasonCode: string | null;
  message: string | null;
  remoteId: string | null;
  durationMs: number;
  callsCount: number;
};

export type SyncLogPage = {
  items: SyncLogListItem[];
  /** Opaque keyset cursors (createdAt + id); null when there is no such page. */
  nextCursor: string | null;
  prevCursor: string | null;
};
