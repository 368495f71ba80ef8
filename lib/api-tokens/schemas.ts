import { z } from "zod";
import type { Role } from "@/generated/prisma/enums";

export const ZCreateApiTokenInput = z.strictObject({
  name: z.string().trim().min(1, "Give the token a name, e.g. the platform it is for.").max(100, "At most 100 characters."),
});
export type CreateApiTokenInput = z.input<typeof ZCreateApiTokenInput>;

/** What Settings shows about a token. Never the secret or its hash. */
export type ApiTokenSummary = {
  id: string;
  name: string;
  /** The secret's first characters ("fry_3k9xQ2"), to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { id: string; name: string; email: string } | null;
};

/** The member acting, as requireMember() returned it for this workspace. */
export type TokenActor = { userId: string; role: Role };

export type AuthenticatedToken = { tokenId: string; workspaceId: string };
