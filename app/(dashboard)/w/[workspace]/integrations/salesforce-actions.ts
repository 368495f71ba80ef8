"use server";

import { after } from "next/server";
import { z } from "zod";
import { kickOutbox } from "@/inngest/outbox-kick";
import { defineAction } from "@/app/_lib/action";
import { disconnectIntegration } from "@/lib/integrations/disconnect-integration";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { AppError } from "@/lib/errors";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { revokeSalesforceGrant } from "@/lib/integrations/salesforce/revoke-salesforce-grant";
import { startSalesforceConnect, ZStartSalesforceConnectInput } from "@/lib/integrations/salesforce/start-salesforce-connect";
import { updateSalesforceSettings, ZUpdateSalesforceSettingsInput } from "@/lib/integrations/salesforce/update-salesforce-settings";
import { ensureSalesforceSchema } from "@/lib/sync/salesforce/ensure-salesforce-schema";

/**
 * The Salesforce card's actions (owners and admins). No token ever comes back: the sign-in happens
 * at Salesforce, and the card only learns the org, the user and the instance.
 */

const ZIntegrationRef = z.object({ integrationId: z.uuid("Unknown integration.") });

/** Work to do after the response is sent (outside a request: scripts and tests do without). */
function afterResponse(work: () => Promise<unknown>) {
  try {
    after(work);
  } catch {
    // No request scope: the scheduled relay delivers outbox events; a grant left behind expires.
  }
}

/** "Continue to Salesforce": the sign-in link the browser opens (valid 10 minutes, once, for this user and workspace). */
export const startSalesforceConnectAction = defineAction({
  name: "integrations.start-salesforce-connect",
  capability: "integrations.manage",
  input: ZStartSalesforceConnectInput,
  run: async (member, input) => {
    const { authorizeUrl, expiresAt } = await startSalesforceConnect({ workspaceId: member.workspace.id, actorUserId: member.userId }, input);
    return { authorizeUrl, expiresAt: expiresAt.toISOString() };
  },
});

export const updateSalesforceSettingsAction = defineAction({
  name: "integrations.update-salesforce-settings",
  capability: "integrations.manage",
  input: ZIntegrationRef.extend(ZUpdateSalesforceSettingsInput.shape),
  run: async (member, { integrationId, ...changes }) => updateSalesforceSettings({ workspaceId: member.workspace.id, integrationId }, changes),
});

/** Stops syncing to Salesforce and ends Ferry's grant there (after the response; best effort). */
export const disconnectSalesforceAction = defineAction({
  name: "integrations.disconnect-salesforce",
  capability: "integrations.manage",
  input: ZIntegrationRef,
  run: async (member, { integrationId }) => {
    const existing = await requireIntegration(member.workspace.id, integrationId);
    if (existing.provider !== "SALESFORCE") throw new AppError("not_found", "Integration not found.");
    const integration = await disconnectIntegration({ workspaceId: member.workspace.id, integrationId });
    afterResponse(() => revokeSalesforceGrant(integration));
    afterResponse(() => kickOutbox());
    return { integrationId: integration.id };
  },
});

/** "Check set-up now" / "Repair": creates what is missing in the org (idempotent), and says what it did. */
export const ensureSalesforceSchemaAction = defineAction({
  name: "integrations.ensure-salesforce-schema",
  capability: "integrations.manage",
  input: ZIntegrationRef,
  run: async (member, { integrationId }) => {
    const existing = await requireIntegration(member.workspace.id, integrationId);
    if (existing.provider !== "SALESFORCE") throw new AppError("not_found", "Integration not found.");
    try {
      const result = await ensureSalesforceSchema({ workspaceId: member.workspace.id, integrationId, trigger: "repair" });
      return {
        objectCreated: result.objectCreated,
        created: result.created,
        granted: result.granted,
        fields: result.fields.length,
        problems: result.fields.filter((f) => !f.exists || !f.typeOk || !f.fls).map((f) => f.label),
      };
    } catch (err) {
      if (!isExternalApiError(err)) throw err;
      // The failure is stored on the integration too (set-up panel) and in the sync logs.
      throw new AppError("unavailable", `Salesforce did not let Ferry finish the set-up: ${err.message}`);
    }
  },
});
