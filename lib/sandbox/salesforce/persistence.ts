import { z } from "zod";
import { JsonStateFile, type PersistableState } from "../vitally/persistence";
import type { LayoutMetadata } from "./layouts";
import type { SalesforceRuntime, SalesforceSettings } from "./runtime";
import type { FieldDef, ObjectDef } from "./schema";
import { Org, type SfRecord } from "./store";

/**
 * The Salesforce sandbox's state file (`stateFile`, `--state-file`): everything that makes up an
 * emulated org and its connections — orgs with their schema, FieldPermissions and other records,
 * layouts and key-prefix counter, connected apps (with secrets), authorization codes, sessions and
 * refresh tokens, daily API usage and limits, and the settings. Faults, the request log and query
 * locators are left out (they are for the moment at hand). The file is written with
 * `JsonStateFile` (debounced, temp file + rename); a file that is not valid JSON or not a state of
 * this format and version is renamed to `<file>.bad-<time>` and the sandbox starts fresh.
 */

export const STATE_FORMAT = "ferry-salesforce-sandbox";
export const STATE_VERSION = 1;

const ZFieldType = z.enum(["id", "string", "textarea", "url", "email", "phone", "picklist", "reference", "boolean", "datetime", "double"]);

// Loose objects keep properties this schema does not name, so nothing written is dropped on load.
const ZField = z.looseObject({
  name: z.string().min(1),
  label: z.string(),
  type: ZFieldType,
  length: z.number(),
  required: z.boolean(),
  createable: z.boolean(),
  updateable: z.boolean(),
  filterable: z.boolean(),
  externalId: z.boolean(),
  unique: z.boolean(),
  caseSensitive: z.boolean(),
  custom: z.boolean(),
  fls: z.boolean(),
});

const ZObject = z.looseObject({
  name: z.string().min(1),
  label: z.string(),
  labelPlural: z.string(),
  keyPrefix: z.string().length(3),
  custom: z.boolean(),
  fields: z.array(ZField),
});

const ZRecord = z.looseObject({ Id: z.string().length(18) });

const ZLayout = z.object({
  fullName: z.string().min(1),
  metadata: z.looseObject({ layoutSections: z.array(z.looseObject({})), relatedLists: z.array(z.looseObject({})) }),
});

const ZOrg = z.object({
  id: z.string().length(18),
  slug: z.string().min(1),
  name: z.string(),
  environment: z.enum(["production", "sandbox"]),
  customPrefixCounter: z.number().int().min(0),
  objects: z.array(ZObject),
  records: z.record(z.string(), z.array(ZRecord)),
  layouts: z.array(ZLayout),
});

const ZLoginHost = z.enum(["login", "test"]);

const ZApp = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  name: z.string(),
  redirectUris: z.array(z.string()),
  scopes: z.array(z.string()),
  requirePkce: z.boolean(),
  rotateRefreshTokens: z.boolean(),
});

const ZGrant = z.object({
  clientId: z.string(),
  orgId: z.string(),
  userId: z.string(),
  scope: z.array(z.string()),
  loginHost: ZLoginHost,
});

const ZCode = ZGrant.extend({ code: z.string().min(1), redirectUri: z.string(), codeChallenge: z.string().nullable(), expiresAt: z.number() });
const ZRefreshToken = ZGrant.extend({ token: z.string().min(1), codeChallenge: z.string().nullable(), revoked: z.boolean(), rotatedTo: z.string().nullable() });
const ZSession = ZGrant.extend({ token: z.string().min(1), issuedAt: z.number(), refreshToken: z.string().nullable(), expired: z.boolean() });

const ZSettings = z.object({
  strict: z.boolean(),
  dailyApiLimit: z.number().int().min(1),
  sessionTimeoutMs: z.number().int().min(1),
  queryBatchSize: z.number().int().min(1).max(2000),
});

const ZSnapshot = z.object({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  savedAt: z.string(),
  settings: ZSettings,
  dailyLimits: z.record(z.string(), z.number().int().min(1)),
  /** Per org id: the times (ms) of the API calls still in the rolling 24 h window. */
  usage: z.record(z.string(), z.array(z.number())),
  orgs: z.array(ZOrg),
  apps: z.array(ZApp),
  codes: z.array(ZCode),
  refreshTokens: z.array(ZRefreshToken),
  sessions: z.array(ZSession),
});

export type SalesforceSnapshot = z.infer<typeof ZSnapshot>;

/** Checks a parsed state file; the error names the first problem. */
export function parseSnapshot(json: unknown): SalesforceSnapshot {
  const head = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== STATE_FORMAT) throw new Error("not a Salesforce sandbox state file");
  if (head.data.version !== STATE_VERSION) throw new Error(`state file version ${String(head.data.version)} is not supported (this sandbox reads version ${STATE_VERSION})`);
  const result = ZSnapshot.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid state file at ${issue?.path.join(".") || "top level"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

function orgSnapshot(org: Org): SalesforceSnapshot["orgs"][number] {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    environment: org.environment,
    customPrefixCounter: org.customPrefixCounter,
    objects: [...org.objects.values()].map((def) => ({ ...def, fields: [...def.fields.values()].map((f) => ({ ...f })) })),
    records: Object.fromEntries([...org.records].map(([name, table]) => [name, [...table.values()]])),
    layouts: [...org.layouts.values()],
  };
}

function orgFromSnapshot(json: SalesforceSnapshot["orgs"][number], now: () => number): Org {
  const org = new Org(json.id, json.slug, json.name, json.environment, now);
  org.objects.clear();
  org.records.clear();
  org.layouts.clear();
  for (const object of structuredClone(json.objects)) {
    const fields = new Map<string, FieldDef>(object.fields.map((f) => [f.name.toLowerCase(), f as FieldDef]));
    const def = { ...object, fields } as ObjectDef;
    org.objects.set(def.name.toLowerCase(), def);
  }
  for (const [name, records] of Object.entries(structuredClone(json.records))) {
    if (!org.object(name)) throw new Error(`org ${json.slug} has records of unknown object ${name}`);
    org.records.set(name, new Map(records.map((r) => [r.Id, r as SfRecord])));
  }
  for (const def of org.objects.values()) org.table(def);
  for (const layout of structuredClone(json.layouts)) org.layouts.set(layout.fullName.toLowerCase(), layout as { fullName: string; metadata: LayoutMetadata });
  org.customPrefixCounter = json.customPrefixCounter;
  return org;
}

/**
 * The runtime's state as a `PersistableState`. `pinned` are settings given at start: they win
 * over the saved ones, so `--daily-api-limit` or `--lenient` still apply after a restart.
 */
export function salesforceState(rt: SalesforceRuntime, pinned: Partial<SalesforceSettings> = {}): PersistableState<SalesforceSnapshot> {
  const { store } = rt;
  return {
    snapshot: () => ({
      format: STATE_FORMAT,
      version: STATE_VERSION,
      savedAt: new Date(rt.now()).toISOString(),
      settings: { ...rt.settings },
      dailyLimits: Object.fromEntries(rt.dailyLimits),
      usage: rt.usage.toJSON(),
      orgs: [...store.orgs.values()].map(orgSnapshot),
      apps: [...store.apps.values()],
      codes: [...store.codes.values()],
      refreshTokens: [...store.refreshTokens.values()],
      sessions: [...store.sessions.values()],
    }),
    restore: (snapshot) => {
      // Build everything first so a bad snapshot leaves the running state untouched.
      const orgs = snapshot.orgs.map((json) => orgFromSnapshot(json, store.now));
      const copy = structuredClone(snapshot);
      for (const map of [store.orgs, store.apps, store.codes, store.refreshTokens, store.sessions] as Map<string, unknown>[]) map.clear();
      for (const org of orgs) store.orgs.set(org.id, org);
      for (const app of copy.apps) store.apps.set(app.clientId, app);
      for (const code of copy.codes) store.codes.set(code.code, code);
      for (const entry of copy.refreshTokens) store.refreshTokens.set(entry.token, entry);
      for (const session of copy.sessions) store.sessions.set(session.token, session);
      rt.dailyLimits.clear();
      for (const [orgId, limit] of Object.entries(copy.dailyLimits)) rt.dailyLimits.set(orgId, limit);
      rt.usage.load(copy.usage);
      Object.assign(rt.settings, copy.settings, pinned);
    },
  };
}

export function salesforceStateFile(file: string, rt: SalesforceRuntime, options: { pinned?: Partial<SalesforceSettings>; debounceMs?: number } = {}): JsonStateFile<SalesforceSnapshot> {
  return new JsonStateFile(file, salesforceState(rt, options.pinned), { parse: parseSnapshot, debounceMs: options.debounceMs, onBadFile: "set-aside" });
}
