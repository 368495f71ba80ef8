import { metadataList, type MetadataRecord, type SalesforceClient } from "@/lib/salesforce/client";
import { REQUEST_ID_FIELD, REQUEST_OBJECT, type RequestFieldDefinition } from "@/lib/salesforce/request-fields";
import type { ManualStep, SalesforceLayoutState } from "@/lib/sync/salesforce/schema-state";

/**
 * The page layouts of the seed's manual steps, done through the Metadata API (type Layout, read,
 * change, write back whole): Ferry's fields on "Request Layout" (in a "Ferry" section; fields an
 * admin already placed elsewhere stay where they are), and the Requests related list on "Account
 * Layout". A layout that is not there (renamed, or the org assigns others) or that Salesforce
 * refuses to change becomes a step of the manual checklist with a link into Setup.
 */

export const REQUEST_LAYOUT = `${REQUEST_OBJECT.apiName}-${REQUEST_OBJECT.label} Layout`;
export const ACCOUNT_LAYOUT = "Account-Account Layout";
/** The related list of Request__c records on an Account: `<child object>.<lookup field>`. */
export const REQUESTS_RELATED_LIST = `${REQUEST_OBJECT.apiName}.Account__c`;
export const FERRY_SECTION = "Ferry";
const RELATED_LIST_COLUMNS = ["NAME", "Title__c", "Status__c", "Requestor__c", "requestUpdatedAt__c"];

export interface LayoutOutcome {
  request: SalesforceLayoutState;
  account: SalesforceLayoutState;
  manualSteps: ManualStep[];
}

type Obj = Record<string, unknown>;

function layoutFields(layout: MetadataRecord): Set<string> {
  const out = new Set<string>();
  for (const section of metadataList<Obj>(layout.layoutSections)) {
    for (const column of metadataList<Obj>(section.layoutColumns)) {
      for (const item of metadataList<Obj>(column.layoutItems)) if (typeof item.field === "string") out.add(item.field.toLowerCase());
    }
  }
  return out;
}

/** The layout with `fields` added to the "Ferry" section (made if needed), two columns filled in turn. */
function withFields(layout: MetadataRecord, fields: readonly RequestFieldDefinition[]): MetadataRecord {
  const sections = metadataList<Obj>(layout.layoutSections);
  let section = sections.find((s) => s.label === FERRY_SECTION);
  if (!section) {
    section = { customLabel: true, detailHeading: true, editHeading: true, label: FERRY_SECTION, layoutColumns: [{}, {}], style: "TwoColumnsTopToBottom" };
    sections.push(section);
  }
  const columns = metadataList<Obj>(section.layoutColumns).map((c) => ({ ...c, layoutItems: metadataList<Obj>(c.layoutItems) }));
  while (columns.length < 2) columns.push({ layoutItems: [] });
  fields.forEach((f, i) => {
    columns[i % 2]?.layoutItems.push({ behavior: f.apiName === REQUEST_ID_FIELD ? "Readonly" : "Edit", field: f.apiName });
  });
  section.layoutColumns = columns;
  return { ...layout, layoutSections: sections };
}

function withRelatedList(layout: MetadataRecord, columns: readonly string[]): MetadataRecord {
  return { ...layout, relatedLists: [...metadataList<Obj>(layout.relatedLists), { fields: [...columns], relatedList: REQUESTS_RELATED_LIST }] };
}

export async function ensureSalesforceLayouts(input: { client: SalesforceClient; fields: readonly RequestFieldDefinition[] }): Promise<LayoutOutcome> {
  const { client } = input;
  const setup = `${client.instanceUrl}/lightning/setup/ObjectManager`;
  const requestStep: ManualStep = {
    title: "Put the Request fields on the Request page layout",
    detail: `Setup → Object Manager → Request → Page Layouts: drag Ferry's fields onto the layout your users see, and save.`,
    url: `${setup}/${REQUEST_OBJECT.apiName}/PageLayouts/view`,
  };
  const accountStep: ManualStep = {
    title: "Add the Requests related list to the Account page layout",
    detail: 'Setup → Object Manager → Account → Page Layouts: add "Requests" under Related Lists, and save.',
    url: `${setup}/Account/PageLayouts/view`,
  };

  const [requestLayout, accountLayout] = await client.metadata("readMetadata", "Layout", [REQUEST_LAYOUT, ACCOUNT_LAYOUT]);
  const request: SalesforceLayoutState = { name: REQUEST_LAYOUT, status: "missing", added: [], error: null };
  const account: SalesforceLayoutState = { name: ACCOUNT_LAYOUT, status: "missing", added: [], error: null };
  const updates: Array<{ state: SalesforceLayoutState; layout: MetadataRecord; added: string[] }> = [];

  if (requestLayout) {
    const present = layoutFields(requestLayout);
    const missing = input.fields.filter((f) => !present.has(f.apiName.toLowerCase()));
    if (missing.length === 0) request.status = "ok";
    else updates.push({ state: request, layout: withFields(requestLayout, missing), added: missing.map((f) => f.apiName) });
  }
  const canList = input.fields.some((f) => f.apiName === "Account__c");
  if (accountLayout && canList) {
    const lists = metadataList<Obj>(accountLayout.relatedLists);
    if (lists.some((l) => l.relatedList === REQUESTS_RELATED_LIST)) account.status = "ok";
    else {
      const visible = new Set(input.fields.map((f) => f.apiName));
      updates.push({ state: account, layout: withRelatedList(accountLayout, RELATED_LIST_COLUMNS.filter((c) => c === "NAME" || visible.has(c))), added: ["Requests related list"] });
    }
  } else if (accountLayout) account.status = "manual";

  if (updates.length > 0) {
    const results = await client.metadata("updateMetadata", "Layout", updates.map((u) => u.layout));
    updates.forEach((u, i) => {
      const r = results[i];
      if (r?.success) {
        u.state.status = "updated";
        u.state.added = u.added;
      } else {
        u.state.status = "failed";
        u.state.error = (r?.errors ?? []).map((e) => `${e.code}: ${e.message}`).join("; ") || "Salesforce refused the layout";
      }
    });
  }

  const manualSteps: ManualStep[] = [];
  if (request.status === "missing" || request.status === "failed") manualSteps.push(requestStep);
  if (account.status !== "ok" && account.status !== "updated") manualSteps.push(accountStep);
  return { request, account, manualSteps };
}
