import { KEY_PREFIXES } from "./ids";

/**
 * The sObject types an org has and their fields, as describe shows them. Standard objects are the
 * subset Ferry touches (Account, Contact, User, Profile, PermissionSet, FieldPermissions); custom
 * objects and fields are added by the Tooling API (tooling.ts). Custom fields added that way start
 * without field-level security (reference §1 #3, §4.6): `fls: true` marks fields whose visibility
 * depends on FieldPermissions rows.
 */

export type FieldType =
  | "id"
  | "string"
  | "textarea"
  | "url"
  | "email"
  | "phone"
  | "picklist"
  | "reference"
  | "boolean"
  | "datetime"
  | "double";

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  /** Must be given on create (nillable false, no default), e.g. Contact.LastName. */
  required: boolean;
  createable: boolean;
  updateable: boolean;
  /** Long text and rich text cannot be used in WHERE (reference §4.3). */
  filterable: boolean;
  externalId: boolean;
  unique: boolean;
  caseSensitive: boolean;
  custom: boolean;
  /** Visible and writable only through FieldPermissions (custom fields; reference §4.6). */
  fls: boolean;
  htmlFormatted?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  picklistValues?: string[];
  restrictedPicklist?: boolean;
  /** Tooling id (00N…) of a custom field. */
  durableId?: string;
  /** The metadata a custom field was created with (readMetadata echoes it). */
  metadata?: Record<string, unknown>;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  /** Field name (case-insensitive key) → definition, in describe order. */
  fields: Map<string, FieldDef>;
  /** Tooling id of a custom object (01I…). */
  durableId?: string;
  metadata?: Record<string, unknown>;
}

type FieldInput = Partial<FieldDef> & Pick<FieldDef, "name" | "type">;

export function field(input: FieldInput): FieldDef {
  const system = input.type === "id";
  const lengths: Partial<Record<FieldType, number>> = { id: 18, reference: 18, string: 255, url: 255, email: 80, phone: 40, picklist: 255, textarea: 32000 };
  return {
    label: input.name,
    length: lengths[input.type] ?? 0,
    required: false,
    createable: !system,
    updateable: !system,
    filterable: input.type !== "textarea",
    externalId: false,
    unique: false,
    caseSensitive: false,
    custom: input.name.endsWith("__c"),
    fls: false,
    ...input,
  };
}

const readOnly = { createable: false, updateable: false };

function systemFields(): FieldDef[] {
  return [
    field({ name: "Id", label: "Record ID", type: "id" }),
    field({ name: "IsDeleted", label: "Deleted", type: "boolean", ...readOnly }),
    field({ name: "CreatedDate", label: "Created Date", type: "datetime", ...readOnly }),
    field({ name: "LastModifiedDate", label: "Last Modified Date", type: "datetime", ...readOnly }),
    field({ name: "SystemModstamp", label: "System Modstamp", type: "datetime", ...readOnly }),
  ];
}

export function objectDef(name: string, label: string, labelPlural: string, keyPrefix: string, fields: FieldDef[], custom = false): ObjectDef {
  const all = [...systemFields(), ...fields];
  return { name, label, labelPlural, keyPrefix, custom, fields: new Map(all.map((f) => [f.name.toLowerCase(), f])) };
}

export function standardObjects(): ObjectDef[] {
  return [
    objectDef("Account", "Account", "Accounts", KEY_PREFIXES.Account, [
      field({ name: "Name", label: "Account Name", type: "string", required: true }),
      field({ name: "Website", label: "Website", type: "url" }),
      field({ name: "Industry", label: "Industry", type: "picklist", picklistValues: ["Technology", "Retail", "Manufacturing", "Finance"] }),
      field({ name: "Description", label: "Account Description", type: "textarea" }),
    ]),
    objectDef("Contact", "Contact", "Contacts", KEY_PREFIXES.Contact, [
      field({ name: "FirstName", label: "First Name", type: "string", length: 40 }),
      field({ name: "LastName", label: "Last Name", type: "string", length: 80, required: true }),
      // Contact.Name is compound (FirstName + LastName): readable, never writable.
      field({ name: "Name", label: "Full Name", type: "string", length: 121, ...readOnly }),
      field({ name: "Email", label: "Email", type: "email" }),
      field({ name: "Title", label: "Title", type: "string", length: 128 }),
      field({ name: "AccountId", label: "Account ID", type: "reference", referenceTo: ["Account"], relationshipName: "Account" }),
    ]),
    objectDef("User", "User", "Users", KEY_PREFIXES.User, [
      field({ name: "Username", label: "Username", type: "string", length: 80, required: true }),
      field({ name: "Name", label: "Full Name", type: "string", length: 121, ...readOnly }),
      field({ name: "Email", label: "Email", type: "email", required: true }),
      field({ name: "IsActive", label: "Active", type: "boolean" }),
      field({ name: "ProfileId", label: "Profile ID", type: "reference", referenceTo: ["Profile"], relationshipName: "Profile", required: true }),
    ]),
    objectDef("Profile", "Profile", "Profiles", KEY_PREFIXES.Profile, [
      field({ name: "Name", label: "Name", type: "string", required: true }),
      field({ name: "PermissionsModifyAllData", label: "Modify All Data", type: "boolean" }),
    ]),
    objectDef("PermissionSet", "Permission Set", "Permission Sets", KEY_PREFIXES.PermissionSet, [
      field({ name: "Name", label: "Name", type: "string", length: 80, required: true }),
      field({ name: "Label", label: "Label", type: "string", length: 80, required: true }),
      field({ name: "IsOwnedByProfile", label: "Is Owned By Profile", type: "boolean", ...readOnly }),
      field({ name: "ProfileId", label: "Profile ID", type: "reference", referenceTo: ["Profile"], relationshipName: "Profile", ...readOnly }),
    ]),
    objectDef("FieldPermissions", "Field Permissions", "Field Permissions", KEY_PREFIXES.FieldPermissions, [
      field({ name: "ParentId", label: "Parent ID", type: "reference", referenceTo: ["PermissionSet"], relationshipName: "Parent", required: true, updateable: false }),
      field({ name: "SobjectType", label: "Sobject Type Name", type: "string", length: 80, required: true, updateable: false }),
      field({ name: "Field", label: "Field Name", type: "string", length: 255, required: true, updateable: false }),
      field({ name: "PermissionsRead", label: "Read Access", type: "boolean" }),
      field({ name: "PermissionsEdit", label: "Edit Access", type: "boolean" }),
    ]),
  ];
}
