import { z } from "zod";
import { defineWorkspaceRoute } from "@/app/_lib/route";
import { getSyncLog } from "@/lib/sync/logs/get-sync-log";

/** GET /api/w/:workspace/sync-logs/entry?id= — one attempt in full: its calls and linking decision. */
export const GET = defineWorkspaceRoute({
  name: "sync-logs.detail",
  capability: "logs.read",
  input: z.object({ id: z.string().regex(/^\d{1,19}$/, "Not a sync log entry.") }),
  run: (member, { id }) => getSyncLog({ workspaceId: member.workspace.id, id }),
});
