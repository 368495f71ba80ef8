import { defineWorkspaceRoute } from "@/app/_lib/route";
import { listRequests } from "@/lib/dashboard/list-requests";
import { ZRequestsQuery } from "@/lib/dashboard/requests-query";

/** GET /api/w/:workspace/requests — one keyset page of the requests table. */
export const GET = defineWorkspaceRoute({
  name: "requests.list",
  capability: "requests.read",
  input: ZRequestsQuery,
  run: (member, query) => listRequests({ workspaceId: member.workspace.id, query }),
});
