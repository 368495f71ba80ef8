"use server";

import { z } from "zod";
import { defineAction } from "@/app/_lib/action";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { ZCreateApiTokenInput } from "@/lib/api-tokens/schemas";

export const createApiTokenAction = defineAction({
  name: "tokens.create",
  capability: "tokens.manage",
  input: ZCreateApiTokenInput,
  run: (member, data) => createApiToken({ workspaceId: member.workspace.id, actor: member, data }),
});

export const revokeApiTokenAction = defineAction({
  name: "tokens.revoke",
  capability: "tokens.manage",
  input: z.object({ tokenId: z.uuid("Not a token id.") }),
  run: (member, input) => revokeApiToken({ workspaceId: member.workspace.id, actor: member, tokenId: input.tokenId }),
});
