import { z } from "zod";

/**
 * Zod schemas of what Vitally answers (reference §8). Objects are loose: real payloads carry many
 * undocumented fields (reference §14), and Ferry only requires the fields it reads. Ids may come
 * as numbers in third-party examples, so externalIds are read as strings either way.
 */

export const ZTraits = z.record(z.string(), z.unknown());
const ZExternalId = z.union([z.string(), z.number().transform(String)]).nullish();
const ZText = z.string().nullish();

export const ZVitallyOrganization = z.looseObject({
  id: z.string(),
  externalId: ZExternalId,
  name: ZText,
  traits: ZTraits.nullish(),
});
export type VitallyOrganization = z.infer<typeof ZVitallyOrganization>;

export const ZVitallyAccount = z.looseObject({
  id: z.string(),
  externalId: ZExternalId,
  name: ZText,
  organizationId: ZText,
  traits: ZTraits.nullish(),
});
export type VitallyAccount = z.infer<typeof ZVitallyAccount>;

export const ZVitallyUser = z.looseObject({
  id: z.string(),
  externalId: ZExternalId,
  name: ZText,
  email: ZText,
  accountIds: z.array(z.string()).optional(),
  organizationIds: z.array(z.string()).optional(),
  /** Embedded in GET and search answers (reference §8.3). */
  accounts: z.array(ZVitallyAccount).optional(),
  organizations: z.array(ZVitallyOrganization).optional(),
  traits: ZTraits.nullish(),
});
export type VitallyUser = z.infer<typeof ZVitallyUser>;

export const ZVitallyAdmin = z.looseObject({
  id: z.string(),
  name: ZText,
  email: ZText,
  licenseStatus: ZText,
});
export type VitallyAdmin = z.infer<typeof ZVitallyAdmin>;

/** A trait definition (reference §8.13): `path` is the key instances use in `traits`. */
export const ZVitallyCustomField = z
  .looseObject({
    id: z.string().optional(),
    label: z.string(),
    type: z.string(),
    path: z.string().optional(),
    key: z.string().optional(),
    createdAt: z.string().optional(),
  })
  .transform(({ key, path, ...rest }) => ({ ...rest, path: path ?? key ?? null }));
export type VitallyCustomField = z.infer<typeof ZVitallyCustomField>;

/** Custom object fields come as an array, or (one doc example) as `{ "<path>": "<label>" }`. */
const ZObjectFields = z.union([
  z.array(ZVitallyCustomField),
  z
    .record(z.string(), z.string())
    .transform((map): VitallyCustomField[] => Object.entries(map).map(([path, label]) => ({ path, label, type: "unknown" }))),
]);

export const ZVitallyCustomObject = z.looseObject({
  id: z.string(),
  name: z.string(),
  label: z.string(),
  writeMode: ZText,
  customFields: ZObjectFields.nullish().transform((f) => f ?? []),
});
export type VitallyCustomObject = z.infer<typeof ZVitallyCustomObject>;

export const ZVitallyInstance = z.looseObject({
  id: z.string(),
  name: ZText,
  externalId: ZExternalId,
  customObjectId: ZText,
  customerId: ZText,
  organizationId: ZText,
  traits: ZTraits.nullish().transform((t) => t ?? {}),
  archivedAt: ZText,
});
export type VitallyInstance = z.infer<typeof ZVitallyInstance>;

export const ZVitallyMessage = z.looseObject({
  id: z.string(),
  externalId: ZExternalId,
  conversationId: ZText,
  message: ZText,
  timestamp: ZText,
  type: ZText,
});
export type VitallyMessage = z.infer<typeof ZVitallyMessage>;

export const ZVitallyConversation = z.looseObject({
  id: z.string(),
  externalId: ZExternalId,
  subject: ZText,
  traits: ZTraits.nullish(),
  /** Only on a single GET (reference §8.5). */
  messages: z.array(ZVitallyMessage).optional(),
});
export type VitallyConversation = z.infer<typeof ZVitallyConversation>;

export const ZVitallyNote = z.looseObject({
  id: z.string(),
  externalId: ZExternalId,
  note: ZText,
  noteDate: ZText,
  accountId: ZText,
  organizationId: ZText,
});
export type VitallyNote = z.infer<typeof ZVitallyNote>;

/** The list envelope (reference §4); `atEnd` is seen live but not documented. */
export function ZPage<T extends z.ZodType>(item: T) {
  return z.looseObject({
    results: z.array(item),
    next: z.string().nullish().transform((n) => (n ? n : null)),
    atEnd: z.boolean().optional(),
  });
}
export interface Page<T> {
  results: T[];
  next: string | null;
  atEnd?: boolean;
}

/**
 * For the endpoints whose envelope sources disagree on (reference §4, §15): a bare array, a
 * `{ results }` object, or a single object all become an array.
 */
export function ZListOf<T extends z.ZodType>(item: T) {
  return z.union([
    z.array(item),
    z.looseObject({ results: z.array(item) }).transform((r) => r.results),
    item.transform((one) => [one]),
  ]);
}
