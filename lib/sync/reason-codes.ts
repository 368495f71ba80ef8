import { describeLinkReason, LINK_REASONS, type LinkReason, type LinkReasonParams } from "@/lib/vitally/link-reasons";

/**
 * Every reason a sync did not (or not yet) happen: a closed list, stored with each outcome and
 * shown in plain words with what to do. Codes are stable (they are stored); wording may change.
 * Linking reasons come from lib/vitally/link-reasons.ts; these are the rest.
 */
export const SYNC_REASONS = [
  "integration_disconnected",
  "integration_needs_attention",
  "created_before_integration",
  "push_new_disabled",
  "update_existing_disabled",
  "credentials_rejected",
  "rate_limited",
  "destination_unavailable",
  "destination_rejected",
  "schema_incomplete",
] as const;
export type SyncReason = (typeof SYNC_REASONS)[number];

export type ReasonCode = SyncReason | LinkReason;
export const REASON_CODES: readonly ReasonCode[] = [...SYNC_REASONS, ...LINK_REASONS];

export type ReasonText = { title: string; explanation: string; fix: string };

const SYNC_REASON_TEXT: Record<SyncReason, ReasonText> = {
  integration_disconnected: {
    title: "The integration is disconnected",
    explanation: "{destination} was disconnected, so Ferry no longer pushes requests there.",
    fix: "Connect {destination} again on the Integrations page; requests created after that are pushed.",
  },
  integration_needs_attention: {
    title: "Held back: the integration needs attention",
    explanation: "{destination} rejected Ferry's credentials, so pushes are held back (none are lost).",
    fix: "Update the credentials on the Integrations page; held-back pushes are sent as soon as they work.",
  },
  created_before_integration: {
    title: "Created before the integration was connected",
    explanation: "Ferry syncs requests created after {destination} was connected; this one is older.",
    fix: "Nothing to fix: older requests are not synced.",
  },
  push_new_disabled: {
    title: "\"Push new requests\" is off",
    explanation: "This request is not in {destination} yet, and pushing new requests is switched off.",
    fix: "Turn on \"Push new requests\" in the integration's settings, then retry the sync.",
  },
  update_existing_disabled: {
    title: "\"Update existing requests\" is off",
    explanation: "This request is already in {destination}, and updating existing requests is switched off.",
    fix: "Turn on \"Update existing requests\" in the integration's settings, then retry the sync.",
  },
  credentials_rejected: {
    title: "Credentials rejected",
    explanation: "{destination} rejected Ferry's API key while pushing this request.",
    fix: "Update the credentials on the Integrations page; Ferry then pushes the held-back requests.",
  },
  rate_limited: {
    title: "Rate limited; retrying",
    explanation: "{destination}'s rate limit was reached; Ferry waits the time it asks for and retries.",
    fix: "Nothing to do: the push is retried automatically.",
  },
  destination_unavailable: {
    title: "Destination unavailable; retrying",
    explanation: "{destination} did not answer properly (server error, timeout or network failure).",
    fix: "Nothing to do unless it persists: the push is retried with backoff. Check {destination}'s status page.",
  },
  destination_rejected: {
    title: "Rejected by the destination",
    explanation: "{destination} refused the data Ferry sent (see the call log below).",
    fix: "Check the call log for the field it refused; fix the data or the schema (Integrations → Schema → Repair), then retry the sync.",
  },
  schema_incomplete: {
    title: "Some traits are missing in the destination",
    explanation: "The \"Ferry Requests\" object in {destination} lacks some traits Ferry writes; those values were not sent.",
    fix: "Open Integrations → Schema and press Repair, then retry the sync.",
  },
};

export function isLinkReason(code: string): code is LinkReason {
  return (LINK_REASONS as readonly string[]).includes(code);
}

export function isReasonCode(code: string): code is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(code);
}

/** Plain words and the fix for a stored reason code (unknown codes are shown as they are). */
export function describeReason(code: string, params: LinkReasonParams & { destination?: string } = {}): ReasonText {
  if (isLinkReason(code)) return describeLinkReason(code, params);
  const text = (SYNC_REASON_TEXT as Record<string, ReasonText | undefined>)[code];
  if (!text) return { title: code, explanation: code, fix: "" };
  const destination = params.destination ?? "the destination";
  const fill = (s: string) => s.replaceAll("{destination}", destination);
  return { title: fill(text.title), explanation: fill(text.explanation), fix: fill(text.fix) };
}
