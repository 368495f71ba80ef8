import { z } from "zod";
import { defineWorkspaceRoute } from "@/app/_lib/route";
import { getSalesforceApiUsage } from "@/lib/integrations/salesforce/get-salesforce-api-usage";

/** GET: the org's daily API usage as Salesforce reports it now (one /limits call), for the card's meter. */
export const GET = defineWorkspaceRoute({
  name: "integrations.salesforce-usage",
  capability: "integrations.read",
  input: z.object({ integrationId: z.uuid("Unknown integration.") }),
  run: (member, { integrationId }) => getSalesforceApiUsage({ workspaceId: member.workspace.id, integrationId }),
});
