import { z } from "zod";

/**
 * zod schemas of the Salesforce payloads Ferry reads (reference ../shared/docs/salesforce-api.md).
 * Objects are loose: Salesforce adds properties between versions and Ferry must not break on them.
 */

/** POST /services/oauth2/token (§2.4, §2.5): no `expires_in`; `issued_at` is ms as a string. */
export const ZTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  instance_url: z.url(),
  id: z.url(),
  token_type: z.string().optional(),
  issued_at: z.string().regex(/^\d+$/).optional(),
  signature: z.string().optional(),
  scope: z.string().optional(),
});
export type SalesforceTokenResponse = z.infer<typeof ZTokenResponse>;

/** GET the identity URL (`{login}/id/<org>/<user>`). */
export const ZIdentity = z.looseObject({
  id: z.string().optional(),
  organization_id: z.string().min(15),
  user_id: z.string().min(15),
  username: z.string(),
  email: z.string().nullish(),
  display_name: z.string().nullish(),
});

/** `attributes` on every record (§3.2). */
export const ZAttributes = z.looseObject({ type: z.string(), url: z.string().optional() });

export function ZQueryResult<T extends z.ZodType>(row: T) {
  return z.looseObject({
    totalSize: z.number().int(),
    done: z.boolean(),
    nextRecordsUrl: z.string().optional(),
    records: z.array(row),
  });
}

/** POST /sobjects/T (§3.3). */
export const ZSaveResult = z.looseObject({ id: z.string().min(15), success: z.boolean() });

/** PATCH /sobjects/T/extField/value, 200/201 from API 46 on (§3.4). */
export const ZUpsertResult = z.looseObject({ id: z.string().min(15), success: z.boolean(), created: z.boolean() });

/** One error of a per-record result: `statusCode` (collections, Metadata) or `errorCode` (REST). */
export const ZItemError = z.looseObject({
  statusCode: z.string().optional(),
  errorCode: z.string().optional(),
  message: z.string().default(""),
  fields: z.array(z.string()).default([]),
});

/** One item of an sObject Collections answer (§3.5). */
export const ZCollectionItem = z.looseObject({
  id: z.string().nullish(),
  success: z.boolean(),
  created: z.boolean().optional(),
  errors: z.array(ZItemError).default([]),
});
export const ZCollectionResult = z.array(ZCollectionItem);

/** GET /limits (§3.8): Ferry reads the daily allocation only. */
export const ZLimits = z.looseObject({
  DailyApiRequests: z.looseObject({ Max: z.number(), Remaining: z.number() }),
});
export type SalesforceLimits = z.infer<typeof ZLimits>;

export const ZDescribeField = z.looseObject({
  name: z.string(),
  type: z.string(),
  label: z.string(),
  length: z.number().optional(),
  custom: z.boolean().optional(),
  externalId: z.boolean().optional(),
  unique: z.boolean().optional(),
  createable: z.boolean().optional(),
  updateable: z.boolean().optional(),
  referenceTo: z.array(z.string()).optional(),
  picklistValues: z.array(z.looseObject({ value: z.string(), active: z.boolean().optional() })).optional(),
});
export type SalesforceDescribeField = z.infer<typeof ZDescribeField>;

/** GET /sobjects/T/describe — lists only the fields the caller can see (§4.6). */
export const ZDescribe = z.looseObject({
  name: z.string(),
  label: z.string(),
  labelPlural: z.string().optional(),
  custom: z.boolean().optional(),
  fields: z.array(ZDescribeField),
});
export type SalesforceDescribe = z.infer<typeof ZDescribe>;
