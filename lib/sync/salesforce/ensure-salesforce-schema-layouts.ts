import type { SalesforceClient } from "@/lib/salesforce/client";
import { REQUEST_OBJECT, type RequestFieldDefinition } from "@/lib/salesforce/request-fields";
import type { ManualStep, SalesforceLayoutState } from "@/lib/sync/salesforce/schema-state";

/**
 * The page layouts of the seed's manual steps: the Request fields on "Request Layout" and the
 * Requests related list on "Account Layout". What Ferry cannot put there itself becomes a short
 * checklist with links into Setup.
 */

export const REQUEST_LAYOUT = `${REQUEST_OBJECT.apiName}-${REQUEST_OBJECT.label} Layout`;
export const ACCOUNT_LAYOUT = "Account-Account Layout";

export interface LayoutOutcome {
  request: SalesforceLayoutState;
  account: SalesforceLayoutState;
  manualSteps: ManualStep[];
}

export async function ensureSalesforceLayouts(input: { client: SalesforceClient; fields: readonly RequestFieldDefinition[] }): Promise<LayoutOutcome> {
  const base = `${input.client.instanceUrl}/lightning/setup/ObjectManager`;
  return {
    request: { name: REQUEST_LAYOUT, status: "manual", added: [], error: null },
    account: { name: ACCOUNT_LAYOUT, status: "manual", added: [], error: null },
    manualSteps: [
      {
        title: "Put the Request fields on the Request page layout",
        detail: "Setup → Object Manager → Request → Page Layouts → Request Layout: drag the fields you want onto the layout and save.",
        url: `${base}/${REQUEST_OBJECT.apiName}/PageLayouts/view`,
      },
      {
        title: "Add the Requests related list to the Account page layout",
        detail: "Setup → Object Manager → Account → Page Layouts → Account Layout: add \"Requests\" under Related Lists and save.",
        url: `${base}/Account/PageLayouts/view`,
      },
    ],
  };
}
