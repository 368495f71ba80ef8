import type { CustomFieldType } from "@/generated/prisma/client";
import type { Db, Tx } from "@/lib/db";
import type { CustomFieldDefinition } from "@/lib/custom-fields/validate-custom-values";

/**
 * An in-process copy of each workspace's custom-field definitions, for the request create path
 * (the one that runs hundreds of times a second). A copy is only ever a hint: it carries the
 * workspace's `customFieldsVersion` as read in the same statement as the definitions, and the
 * create inserts only while that version is still current (a trigger bumps it on every write to
 * CustomField, by any writer, in any process). A stale copy therefore costs one reload and one
 * retry, and can never let a value through that the current definitions refuse. Values the copy
 * refuses are checked again against a fresh read before the API answers 400.
 */
export type DefinitionSet = { version: number; definitions: CustomFieldDefinition[] };

/** Workspaces kept; the oldest entry is dropped beyond this (a copy is cheap to rebuild). */
const MAX_WORKSPACES = 2_000;

const g = globalThis as unknown as { ferryCustomFieldDefinitions?: Map<string, DefinitionSet> };
const cache: Map<string, DefinitionSet> = (g.ferryCustomFieldDefinitions ??= new Map());

type Row = {
  version: number;
  key: string | null;
  name: string | null;
  type: CustomFieldType | null;
  allowedValues: string[] | null;
  archivedAt: Date | null;
};

/** Reads the definitions and the version in ONE statement (one snapshot), and caches them. Null: no such workspace. */
export async function loadDefinitionSet(db: Db | Tx, workspaceId: string): Promise<DefinitionSet | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT w."customFieldsVersion" AS "version", c."key", c."name", c."type", c."allowedValues", c."archivedAt"
    FROM "Workspace" w LEFT JOIN "CustomField" c ON c."workspaceId" = w."id"
    WHERE w."id" = ${workspaceId}::uuid`;
  if (rows.length === 0) {
    cache.delete(workspaceId);
    return null;
  }
  const set: DefinitionSet = {
    version: rows[0].version,
    definitions: rows
      .filter((r) => r.key !== null)
      .map((r) => ({ key: r.key!, name: r.name!, type: r.type!, allowedValues: r.allowedValues ?? [], archivedAt: r.archivedAt })),
  };
  // A slower concurrent reload must not replace a newer copy.
  const held = cache.get(workspaceId);
  if (!held || held.version <= set.version) {
    cache.delete(workspaceId);
    cache.set(workspaceId, set);
    if (cache.size > MAX_WORKSPACES) cache.delete(cache.keys().next().value!);
  }
  return set;
}

/** The cached copy, or a fresh read when there is none. */
export async function cachedDefinitionSet(db: Db | Tx, workspaceId: string): Promise<DefinitionSet | null> {
  return cache.get(workspaceId) ?? loadDefinitionSet(db, workspaceId);
}

/** Drops a workspace's copy (its version turned out to be stale). */
export function forgetDefinitionSet(workspaceId: string): void {
  cache.delete(workspaceId);
}
