import { z } from "zod";

/** The Salesforce integration's switches. Stored in Integration.settings; parsed on every read. */
export const ZSalesforceSettings = z.object({
  /** Push requests created after the integration was connected. */
  pushNew: z.boolean().default(true),
  /** Push changes to requests already in Salesforce. */
  updateExisting: z.boolean().default(true),
});
export type SalesforceSettings = z.infer<typeof ZSalesforceSettings>;

export function readSalesforceSettings(value: unknown): SalesforceSettings {
  const parsed = ZSalesforceSettings.safeParse(value ?? {});
  return parsed.success ? parsed.data : ZSalesforceSettings.parse({});
}
