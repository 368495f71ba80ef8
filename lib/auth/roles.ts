import type { Role } from "@/generated/prisma/enums";

/**
 * What each role may do. Every page, action and route names the capability it needs; the server
 * checks it (lib/auth/require-member.ts). The UI only hides what the server would refuse anyway.
 */
export const CAPABILITIES = {
  "requests.read": ["OWNER", "ADMIN", "SUPPORT", "VIEWER"],
  "requests.write": ["OWNER", "ADMIN", "SUPPORT"],
  "logs.read": ["OWNER", "ADMIN", "SUPPORT"],
  "sync.retry": ["OWNER", "ADMIN", "SUPPORT"],
  "integrations.read": ["OWNER", "ADMIN", "SUPPORT", "VIEWER"],
  "integrations.manage": ["OWNER", "ADMIN"],
  "members.read": ["OWNER", "ADMIN", "SUPPORT", "VIEWER"],
  "members.manage": ["OWNER", "ADMIN"],
  "tokens.manage": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export const ROLES: readonly Role[] = ["OWNER", "ADMIN", "SUPPORT", "VIEWER"];

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  SUPPORT: "Support lead",
  VIEWER: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything, including managing other owners.",
  ADMIN: "Connect and configure integrations, manage members and API tokens.",
  SUPPORT: "See requests, sync logs and diagnostics; retry syncs.",
  VIEWER: "Read-only access to requests and integrations.",
};

export function can(role: Role, capability: Capability): boolean {
  return (CAPABILITIES[capability] as readonly Role[]).includes(role);
}

/** Only owners may grant or take away the owner role. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (!can(actor, "members.manage")) return false;
  return target !== "OWNER" || actor === "OWNER";
}
