import { KEY_PREFIXES, stableSalesforceId } from "./ids";
import type { Org, SfRecord } from "./store";

/**
 * What every new org has: the System Administrator and Standard User profiles, the permission
 * sets those profiles own (`IsOwnedByProfile = true`, where FieldPermissions hang; reference
 * §4.7 A), and one active System Administrator user.
 */

export const ADMIN_PROFILE = "System Administrator";
export const STANDARD_PROFILE = "Standard User";

export interface OrgUserInput {
  username: string;
  name: string;
  email?: string;
  profile?: typeof ADMIN_PROFILE | typeof STANDARD_PROFILE;
}

export function setUpOrg(org: Org): void {
  for (const [name, admin] of [
    [ADMIN_PROFILE, true],
    [STANDARD_PROFILE, false],
  ] as const) {
    if (org.all("Profile").some((p) => p.Name === name)) continue;
    const profile = org.insert("Profile", { Name: name, PermissionsModifyAllData: admin }, stableSalesforceId(KEY_PREFIXES.Profile, `${org.id}:${name}`));
    const psName = admin ? "X00ex00000018ozh_128_09_04_12_1" : "X00ex00000018ozj_128_09_04_12_1";
    org.insert("PermissionSet", { Name: psName, Label: psName, IsOwnedByProfile: true, ProfileId: profile.Id }, stableSalesforceId(KEY_PREFIXES.PermissionSet, `${org.id}:${name}`));
  }
}

export function addUser(org: Org, input: OrgUserInput): SfRecord {
  const profile = org.all("Profile").find((p) => p.Name === (input.profile ?? ADMIN_PROFILE));
  if (!profile) throw new Error(`Org ${org.slug} has no profile ${input.profile ?? ADMIN_PROFILE}; call setUpOrg first`);
  return org.insert(
    "User",
    { Username: input.username, Name: input.name, Email: input.email ?? input.username, IsActive: true, ProfileId: profile.Id },
    stableSalesforceId(KEY_PREFIXES.User, `${org.id}:${input.username.toLowerCase()}`),
  );
}
