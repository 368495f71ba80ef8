import { SalesforceError } from "./errors";
import type { ObjectDef } from "./schema";
import type { Org } from "./store";

/**
 * Page layouts as the Metadata API shows them (type Layout, full name `<Object>-<Layout Name>`,
 * reference §4.1; shape from the Metadata API's Layout type): `layoutSections` of
 * `layoutColumns` of `layoutItems {behavior, field}`, and `relatedLists {relatedList, fields}`,
 * where a custom object's related list is named `<ChildObject>.<LookupField>`. Every object gets
 * a default layout "<Label> Layout" with its Name field, as Salesforce makes one for a new object
 * (GUESS for objects created through the Metadata API). readMetadata returns the stored layout;
 * updateMetadata replaces it whole, so clients read, change and write back. New custom fields are
 * not added to layouts (Salesforce only offers that in the UI).
 */

export interface LayoutItem {
  behavior?: string;
  field?: string;
  [property: string]: unknown;
}
export interface LayoutSection {
  label: string;
  style: string;
  layoutColumns: Array<{ layoutItems: LayoutItem[] }>;
  [property: string]: unknown;
}
export interface RelatedList {
  relatedList: string;
  fields: string[];
  [property: string]: unknown;
}
export interface LayoutMetadata {
  layoutSections: LayoutSection[];
  relatedLists: RelatedList[];
  [property: string]: unknown;
}

const BEHAVIORS = new Set(["Edit", "Required", "Readonly"]);
const STYLES = new Set(["TwoColumnsTopToBottom", "TwoColumnsLeftToRight", "OneColumn", "CustomLinks"]);

export const defaultLayoutName = (def: ObjectDef) => `${def.name}-${def.label} Layout`;

export function defaultLayout(def: ObjectDef): LayoutMetadata {
  const name = def.fields.get("name");
  return {
    layoutSections: [
      {
        customLabel: false,
        detailHeading: false,
        editHeading: true,
        label: "Information",
        style: "TwoColumnsTopToBottom",
        layoutColumns: [{ layoutItems: name ? [{ behavior: name.createable ? "Required" : "Readonly", field: "Name" }] : [] }, { layoutItems: [] }],
      },
    ],
    relatedLists: [],
  };
}

function list<T>(value: unknown): T[] {
  if (value === undefined || value === null || value === "") return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

function invalid(message: string, field: string): SalesforceError {
  return new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", message, [field]);
}

/** XML values (strings, single items not in arrays) → a checked LayoutMetadata for `def`. */
export function parseLayout(org: Org, def: ObjectDef, metadata: Record<string, unknown>): LayoutMetadata {
  const seen = new Set<string>();
  const layoutSections = list<Record<string, unknown>>(metadata.layoutSections).map((s) => {
    const style = typeof s.style === "string" ? s.style : "TwoColumnsTopToBottom";
    if (!STYLES.has(style)) throw invalid(`Invalid style: ${style}`, "layoutSections.style");
    const layoutColumns = list<Record<string, unknown>>(s.layoutColumns).map((c) => ({
      ...c,
      layoutItems: list<LayoutItem>(c.layoutItems).map((item) => {
        if (item.field !== undefined) {
          const f = def.fields.get(String(item.field).toLowerCase());
          if (!f) throw invalid(`Invalid field:${String(item.field)} in element layoutItems`, "layoutItems.field");
          if (seen.has(f.name.toLowerCase())) throw invalid(`Duplicate field:${f.name} in element layoutItems`, "layoutItems.field");
          seen.add(f.name.toLowerCase());
        }
        if (item.behavior !== undefined && !BEHAVIORS.has(String(item.behavior))) throw invalid(`Invalid behavior: ${String(item.behavior)}`, "layoutItems.behavior");
        return item;
      }),
    }));
    return { ...s, label: typeof s.label === "string" ? s.label : "", style, layoutColumns } as LayoutSection;
  });
  const relatedLists = list<Record<string, unknown>>(metadata.relatedLists).map((r) => {
    const name = typeof r.relatedList === "string" ? r.relatedList : "";
    const [childName, lookupName, extra] = name.split(".");
    if (lookupName !== undefined) {
      const child = org.object(childName ?? "");
      const lookup = lookupName ? child?.fields.get(lookupName.toLowerCase()) : undefined;
      const pointsHere = lookup?.type === "reference" && (lookup.referenceTo ?? []).some((t) => t.toLowerCase() === def.name.toLowerCase());
      if (extra !== undefined || !child || !pointsHere) throw invalid(`Invalid related list:${name}`, "relatedLists.relatedList");
      for (const column of list<string>(r.fields)) {
        if (column !== "NAME" && !child.fields.has(column.toLowerCase())) throw invalid(`Invalid field:${column} in related list:${name}`, "relatedLists.fields");
      }
    } else if (!/^Related[A-Za-z]+List$/.test(name)) {
      throw invalid(`Invalid related list:${name}`, "relatedLists.relatedList");
    }
    return { ...r, relatedList: name, fields: list<string>(r.fields) } as RelatedList;
  });
  return { ...metadata, layoutSections, relatedLists };
}

/** The object a layout full name belongs to (`Account-Account Layout` → Account). */
export function layoutObject(org: Org, fullName: string): ObjectDef | undefined {
  const dash = fullName.indexOf("-");
  return dash > 0 ? org.object(fullName.slice(0, dash)) : undefined;
}
