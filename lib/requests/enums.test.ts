import { describe, expect, it } from "vitest";
import { AuthorType, Channel, CustomFieldKind, CustomFieldType, RequestStatus, Sentiment, Thread, Urgency } from "@/generated/prisma/enums";
import { AUTHOR_TYPE, CHANNEL, CUSTOM_FIELD_KIND, CUSTOM_FIELD_TYPE, SENTIMENT, STATUS, THREAD, URGENCY } from "./enums";

const cases = [
  ["channel", CHANNEL, Channel],
  ["status", STATUS, RequestStatus],
  ["urgency", URGENCY, Urgency],
  ["sentiment", SENTIMENT, Sentiment],
  ["thread", THREAD, Thread],
  ["author type", AUTHOR_TYPE, AuthorType],
  ["custom field kind", CUSTOM_FIELD_KIND, CustomFieldKind],
  ["custom field type", CUSTOM_FIELD_TYPE, CustomFieldType],
] as const;

describe("API enums", () => {
  it.each(cases)("%s covers every database value and round-trips", (_name, mapping, dbEnum) => {
    const dbValues = Object.values(dbEnum) as string[];
    expect(mapping.values).toHaveLength(dbValues.length);
    for (const db of dbValues) {
      const api = (mapping.toApi as (d: string) => string)(db);
      expect(api).toBe(db.toLowerCase());
      expect((mapping.toDb as (a: string) => string)(api)).toBe(db);
    }
  });

  it("rejects upper-case and unknown values at the schema", () => {
    expect(CHANNEL.schema.safeParse("ms_teams").success).toBe(true);
    expect(CHANNEL.schema.safeParse("MS_TEAMS").success).toBe(false);
    expect(STATUS.schema.safeParse("done").success).toBe(false);
  });
});
