import type { ApiToken } from "@/generated/prisma/client";
import type { ApiTokenSummary } from "@/lib/api-tokens/schemas";

export const tokenSummarySelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

type Row = Pick<ApiToken, "id" | "name" | "prefix" | "createdAt" | "lastUsedAt" | "revokedAt"> & {
  createdBy: { id: string; name: string; email: string } | null;
};

export function toTokenSummary(row: Row): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
  };
}
