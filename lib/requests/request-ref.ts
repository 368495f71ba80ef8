import { Prisma } from "@/generated/prisma/client";

/**
 * How the API names a request in a path: its Ferry id (a UUID), its per-workspace number ("135"),
 * or the platform's external id prefixed with "ext:" ("ext:T-4821"). Messages are named by Ferry id
 * or "ext:<externalId>". Anything else names nothing (404).
 */
export type RequestRef = { by: "id"; id: string } | { by: "number"; number: number } | { by: "externalId"; externalId: string };
export type MessageRef = { by: "id"; id: string } | { by: "externalId"; externalId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXT = "ext:";
const MAX_NUMBER = 2_147_483_647;

function parseExternal(ref: string): string | null {
  const value = ref.slice(EXT.length);
  return value.length > 0 && value.length <= 200 ? value : null;
}

export function parseRequestRef(ref: string): RequestRef | null {
  if (UUID.test(ref)) return { by: "id", id: ref.toLowerCase() };
  if (/^[1-9]\d{0,9}$/.test(ref)) {
    const number = Number(ref);
    return number <= MAX_NUMBER ? { by: "number", number } : null;
  }
  if (ref.startsWith(EXT)) {
    const externalId = parseExternal(ref);
    return externalId ? { by: "externalId", externalId } : null;
  }
  return null;
}

export function parseMessageRef(ref: string): MessageRef | null {
  if (UUID.test(ref)) return { by: "id", id: ref.toLowerCase() };
  if (ref.startsWith(EXT)) {
    const externalId = parseExternal(ref);
    return externalId ? { by: "externalId", externalId } : null;
  }
  return null;
}

/** Prisma filter for one request of one workspace. */
export function requestWhere(workspaceId: string, ref: RequestRef): Prisma.RequestWhereInput {
  switch (ref.by) {
    case "id":
      return { workspaceId, id: ref.id };
    case "number":
      return { workspaceId, number: ref.number };
    case "externalId":
      return { workspaceId, externalId: ref.externalId };
  }
}

/** The same filter as SQL, for row locks. */
export function requestWhereSql(workspaceId: string, ref: RequestRef): Prisma.Sql {
  const scope = Prisma.sql`"workspaceId" = ${workspaceId}::uuid`;
  switch (ref.by) {
    case "id":
      return Prisma.sql`${scope} AND "id" = ${ref.id}::uuid`;
    case "number":
      return Prisma.sql`${scope} AND "number" = ${ref.number}`;
    case "externalId":
      return Prisma.sql`${scope} AND "externalId" = ${ref.externalId}`;
  }
}

/** The API path segment for a request (its Ferry id). */
export const requestPath = (id: string) => `/api/v1/requests/${id}`;
