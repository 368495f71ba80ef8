import { defineWorkspaceRoute } from "@/app/_lib/route";
import { syncLogStats } from "@/lib/sync/logs/sync-log-stats";
import { ZSyncLogsQuery } from "@/lib/sync/logs/sync-logs-query";

/** GET /api/w/:workspace/sync-logs/stats — synced / skipped / failed per hour or day, for the chart. */
export const GET = defineWorkspaceRoute({
  name: "sync-logs.stats",
  capability: "logs.read",
  input: ZSyncLogsQuery,
  // The chart counts what the filters select; the page cursor and size do not apply.
  run: (member, query) => syncLogStats({ workspaceId: member.workspace.id, filters: query }),
});
