import type { FieldDef, ObjectDef } from "./schema";
import type { Org } from "./store";

/**
 * Field-level security (reference §4.6, §4.7 A). Standard fields are always visible to the
 * sandbox's users; custom fields (`fls: true`) are visible only when a FieldPermissions row with
 * PermissionsRead = true hangs off the PermissionSet owned by the caller's profile, and writable
 * only with PermissionsEdit = true. Until then SOQL, describe and writes behave as if the field did
 * not exist.
 */

export interface FieldAccess {
  read: boolean;
  edit: boolean;
}

export function profilePermissionSetId(org: Org, userId: string): string | null {
  const user = org.all("User").find((u) => u.Id === userId);
  const profileId = user?.ProfileId;
  if (typeof profileId !== "string") return null;
  const ps = org.all("PermissionSet").find((p) => p.IsOwnedByProfile === true && p.ProfileId === profileId);
  return ps?.Id ?? null;
}

export function fieldAccess(org: Org, userId: string, def: ObjectDef, f: FieldDef): FieldAccess {
  if (!f.fls) return { read: true, edit: true };
  const ps = profilePermissionSetId(org, userId);
  if (!ps) return { read: false, edit: false };
  const key = `${def.name}.${f.name}`.toLowerCase();
  const row = org.all("FieldPermissions").find((r) => r.ParentId === ps && String(r.Field).toLowerCase() === key);
  const read = row?.PermissionsRead === true;
  return { read, edit: read && row?.PermissionsEdit === true };
}

/** The field as the caller sees it, or undefined when it does not exist or has no read access. */
export function visibleField(org: Org, userId: string, def: ObjectDef, name: string): FieldDef | undefined {
  const f = def.fields.get(name.toLowerCase());
  if (!f) return undefined;
  return fieldAccess(org, userId, def, f).read ? f : undefined;
}

export function visibleFields(org: Org, userId: string, def: ObjectDef): FieldDef[] {
  return [...def.fields.values()].filter((f) => fieldAccess(org, userId, def, f).read);
}
