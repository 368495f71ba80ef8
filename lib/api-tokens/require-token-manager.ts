import { AppError } from "@/lib/errors";
import { can } from "@/lib/auth/roles";
import type { TokenActor } from "@/lib/api-tokens/schemas";

/** Token management is for owners and admins; the server refuses it to anyone else. */
export function requireTokenManager(actor: TokenActor): void {
  if (!can(actor.role, "tokens.manage")) {
    throw new AppError("forbidden", "Only workspace owners and admins can manage API tokens.");
  }
}
