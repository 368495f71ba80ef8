import { db as defaultDb, type Db } from "@/lib/db";
import { csvRow } from "@/lib/sync/logs/csv";
import { pageSql, type ListRow } from "@/lib/sync/logs/sync-log-sql";
import type { SyncLogFilters } from "@/lib/sync/logs/sync-logs-query";

/**
 * The filtered sync log rows as CSV, newest first, streamed in chunks (one chunk per page of
 * rows) so a route can pipe it into a Response without holding the export in memory. Pages with
 * the list's keyset query; stops after `maxRows` rows and then says so in a last row.
 */
export const CSV_MAX_ROWS = 100_000;
export const CSV_BATCH_ROWS = 2_000;

export const CSV_HEADER = [
  "Time (UTC)",
  "Destination",
  "Kind",
  "Request number",
  "Requestor email",
  "Trigger",
  "Outcome",
  "Reason code",
  "Reason",
  "Message",
  "Remote ID",
  "Duration (ms)",
  "Calls",
] as const;

const DESTINATION: Record<string, string> = { VITALLY: "Vitally", SALESFORCE: "Salesforce" };
const title = (v: string) => v.charAt(0) + v.slice(1).toLowerCase();

export function syncLogsCsvFilename(now: Date): string {
  return `ferry-sync-logs-${now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-")}.csv`;
}

export async function* exportSyncLogsCsv(
  input: { workspaceId: string; filters: SyncLogFilters; maxRows?: number },
  deps: {
    db?: Db;
    now?: () => Date;
    /** Plain words for a reason code (lib/sync/reason-codes.ts); the raw code until it is given. */
    describeReason?: (code: string) => string;
    batchRows?: number;
  } = {},
): AsyncGenerator<string, void, undefined> {
  const db = deps.db ?? defaultDb();
  // One clock reading for the whole export, so a relative range ("last 24h") does not drift between pages.
  const now = (deps.now ?? (() => new Date()))();
  const describe = deps.describeReason ?? ((code: string) => code);
  const maxRows = input.maxRows ?? CSV_MAX_ROWS;
  const batch = Math.max(1, Math.min(deps.batchRows ?? CSV_BATCH_ROWS, 10_000));

  // A byte-order mark, so spreadsheets read the file as UTF-8.
  yield `\uFEFF${csvRow(CSV_HEADER)}`;

  let after: { t: string; id: string } | null = null;
  let written = 0;
  for (;;) {
    const take: number = Math.min(batch, maxRows - written + 1);
    const rows: ListRow[] = await db.$queryRaw<ListRow[]>(
      pageSql({ workspaceId: input.workspaceId, filters: input.filters, now, after, descending: true, take }),
    );
    const keep = rows.slice(0, Math.max(0, maxRows - written));
    if (keep.length) {
      yield keep
        .map((r) =>
          csvRow([
            r.createdAt.toISOString(),
            DESTINATION[r.provider] ?? r.provider,
            title(r.kind),
            r.requestNumber,
            r.requestorEmail,
            r.trigger,
            title(r.outcome),
            r.reasonCode,
            r.reasonCode ? describe(r.reasonCode) : null,
            r.message,
            r.remoteId,
            r.durationMs,
            r.callsCount,
          ]),
        )
        .join("");
      written += keep.length;
    }
    if (rows.length > keep.length) {
      yield csvRow([
        `Export stopped after ${maxRows.toLocaleString("en-US")} rows; more rows match. Narrow the filters (for example the dates) to export the rest.`,
      ]);
      return;
    }
    if (rows.length < take) return;
    const last = rows[rows.length - 1];
    after = { t: last.createdAt.toISOString(), id: last.id.toString() };
  }
}
