import { z } from "zod";
import type { AuthorType, Channel, CustomFieldKind, CustomFieldType, RequestStatus, Sentiment, Thread, Urgency } from "@/generated/prisma/enums";

/**
 * The one place where the API's lower-case enum values ("ms_teams", "in_progress") meet the
 * database enums ("MS_TEAMS", "IN_PROGRESS"). The API value is the database value lower-cased;
 * the tables below are spelled out so that adding a database value is a compile error here.
 */
function apiEnum<const D extends string>(values: Record<D, Lowercase<D>>) {
  const toApiTable = values;
  const toDbTable = Object.fromEntries(Object.entries(values).map(([db, api]) => [api, db])) as Record<Lowercase<D>, D>;
  const apiValues = Object.values(values) as [Lowercase<D>, ...Lowercase<D>[]];
  return {
    values: apiValues,
    schema: z.enum(apiValues),
    toDb: (api: Lowercase<D>): D => toDbTable[api],
    toApi: (db: D): Lowercase<D> => toApiTable[db],
  };
}

export const CHANNEL = apiEnum<Channel>({ SLACK: "slack", EMAIL: "email", WEB: "web", MS_TEAMS: "ms_teams" });
export const STATUS = apiEnum<RequestStatus>({
  OPEN: "open",
  IN_PROGRESS: "in_progress",
  WAITING_ON_CUSTOMER: "waiting_on_customer",
  ON_HOLD: "on_hold",
  CLOSED: "closed",
});
export const URGENCY = apiEnum<Urgency>({ LOW: "low", MEDIUM: "medium", HIGH: "high", URGENT: "urgent" });
export const SENTIMENT = apiEnum<Sentiment>({ POSITIVE: "positive", NEUTRAL: "neutral", NEGATIVE: "negative" });
export const THREAD = apiEnum<Thread>({ CUSTOMER: "customer", INTERNAL: "internal" });
export const AUTHOR_TYPE = apiEnum<AuthorType>({ CUSTOMER: "customer", TEAM: "team" });
export const CUSTOM_FIELD_KIND = apiEnum<CustomFieldKind>({ TAG: "tag", CATEGORY: "category" });
export const CUSTOM_FIELD_TYPE = apiEnum<CustomFieldType>({
  TEXT: "text",
  NUMBER: "number",
  SELECT: "select",
  MULTI_SELECT: "multi_select",
});

/** Nullable variant for optional enum columns. */
export function toDbOrNull<D extends string>(e: { toDb: (a: Lowercase<D>) => D }, value: Lowercase<D> | null | undefined): D | null {
  return value == null ? null : e.toDb(value);
}
export function toApiOrNull<D extends string>(e: { toApi: (d: D) => Lowercase<D> }, value: D | null): Lowercase<D> | null {
  return value == null ? null : e.toApi(value);
}
