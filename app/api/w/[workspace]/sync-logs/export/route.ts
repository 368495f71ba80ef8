import { NextResponse, type NextRequest } from "next/server";
import { currentUserId } from "@/lib/auth/session";
import { exportSyncLogsCsv, syncLogsCsvFilename } from "@/lib/sync/logs/export-sync-logs-csv";
import { ZSyncLogsQuery } from "@/lib/sync/logs/sync-logs-query";
import { describeReason } from "@/lib/sync/reason-codes";
import { defineWorkspaceRoute, type WorkspaceRoute } from "@/app/_lib/route";

/**
 * GET /api/w/:workspace/sync-logs/export — the filtered rows as a CSV download, streamed. The
 * member, role and filters go through the dashboard's route wrapper (`run`, also what the access
 * table drives); only a successful check starts the stream.
 */
const checked = defineWorkspaceRoute({
  name: "sync-logs.export",
  capability: "logs.read",
  input: ZSyncLogsQuery,
  run: async (member, filters) => ({ workspaceId: member.workspace.id, filters }),
});

async function download(req: NextRequest, ctx: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await ctx.params;
  const result = await checked.run(await currentUserId(), workspace, Object.fromEntries(req.nextUrl.searchParams.entries()));
  if (result.status !== 200 || !("workspaceId" in result.body)) {
    return NextResponse.json(result.body, { status: result.status, headers: { "Cache-Control": "private, no-store" } });
  }
  const now = new Date();
  const rows = exportSyncLogsCsv(
    { workspaceId: result.body.workspaceId, filters: result.body.filters },
    { now: () => now, describeReason: (code) => describeReason(code).title },
  );
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await rows.return();
    },
  });
  return new NextResponse(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${syncLogsCsvFilename(now)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

type ExportPlan = { workspaceId: string; filters: ReturnType<typeof ZSyncLogsQuery.parse> };
export const GET: WorkspaceRoute<ExportPlan> = Object.assign(download, {
  kind: "route" as const,
  method: "GET" as const,
  capability: checked.capability,
  run: checked.run,
});
