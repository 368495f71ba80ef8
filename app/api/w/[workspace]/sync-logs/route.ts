import { defineWorkspaceRoute } from "@/app/_lib/route";
import { listSyncLogs } from "@/lib/sync/logs/list-sync-logs";
import { ZSyncLogsQuery } from "@/lib/sync/logs/sync-logs-query";

/** GET /api/w/:workspace/sync-logs — one keyset page of the sync logs, with the page's filters. */
export const GET = defineWorkspaceRoute({
  name: "sync-logs.list",
  capability: "logs.read",
  input: ZSyncLogsQuery,
  run: (member, query) => listSyncLogs({ workspaceId: member.workspace.id, query }),
});
