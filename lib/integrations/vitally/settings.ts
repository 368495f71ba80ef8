import { z } from "zod";

/** The Vitally integration's switches. Stored in Integration.settings; parsed on every read. */
export const ZVitallySettings = z.object({
  /** Push requests created after the integration was connected. */
  pushNewRequests: z.boolean().default(true),
  /** Push changes to requests already in Vitally. */
  updateExistingRequests: z.boolean().default(true),
  /** Mirror each request's customer thread as a Vitally conversation. */
  syncConversations: z.boolean().default(false),
  /** The Vitally admin used when no assigned teammate can be identified. */
  defaultAdminEmail: z.string().trim().toLowerCase().pipe(z.email()).nullable().default(null),
});
export type VitallySettings = z.infer<typeof ZVitallySettings>;

export function readVitallySettings(value: unknown): VitallySettings {
  const parsed = ZVitallySettings.safeParse(value ?? {});
  return parsed.success ? parsed.data : ZVitallySettings.parse({});
}
