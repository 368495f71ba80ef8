import { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError, invalidInput } from "@/lib/errors";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { readSalesforceSettings } from "@/lib/integrations/salesforce/settings";

/** Only the keys present change (a partial update must not reset the others). */
export const ZUpdateSalesforceSettingsInput = z.strictObject({
  pushNew: z.boolean().optional(),
  updateExisting: z.boolean().optional(),
});

/** Flips the Salesforce integration's switches. */
export async function updateSalesforceSettings(
  ctx: { workspaceId: string; integrationId: string },
  raw: z.input<typeof ZUpdateSalesforceSettingsInput>,
  deps: { db?: Db } = {},
) {
  const parsed = ZUpdateSalesforceSettingsInput.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const db = deps.db ?? defaultDb();
  const integration = await requireIntegration(ctx.workspaceId, ctx.integrationId, { db });
  if (integration.provider !== "SALESFORCE") throw new AppError("not_found", "Integration not found.");
  if (integration.status === "DISCONNECTED") throw new AppError("conflict", "This integration is disconnected.");
  const changes = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  const settings = { ...readSalesforceSettings(integration.settings), ...changes };
  const updated = await db.integration.update({ where: { id: integration.id }, data: { settings } });
  return readSalesforceSettings(updated.settings);
}
