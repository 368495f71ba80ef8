import { z } from "zod";
import { openCredentials, sealCredentials } from "@/lib/integrations/secrets";

/**
 * What Ferry keeps of a Salesforce grant, sealed as one envelope in Integration.credentials (bound
 * to the workspace and provider). The login URL is kept with the tokens: a refresh token only
 * works at the host that issued it.
 */
export const ZSalesforceCredentials = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  instanceUrl: z.string().url(),
  loginUrl: z.string().url(),
  environment: z.enum(["production", "sandbox"]),
  idUrl: z.string().url(),
  /** Connected through the emulator (its demo app signs the tokens). */
  emulator: z.boolean(),
});
export type SalesforceCredentials = z.infer<typeof ZSalesforceCredentials>;

export function sealSalesforceCredentials(credentials: SalesforceCredentials, workspaceId: string): string {
  return sealCredentials(JSON.stringify(ZSalesforceCredentials.parse(credentials)), workspaceId, "SALESFORCE");
}

export function openSalesforceCredentials(integration: { credentials: string; workspaceId: string }): SalesforceCredentials {
  return ZSalesforceCredentials.parse(JSON.parse(openCredentials(integration.credentials, integration.workspaceId, "SALESFORCE")));
}
