import type { IntegrationProvider, SyncKind, SyncOutcome } from "@/generated/prisma/enums";
import type { Tone } from "@/components/ui/badge";
import { describeReason, REASON_CODES } from "@/lib/sync/reason-codes";

export const OUTCOME: Record<SyncOutcome, { label: string; tone: Tone; color: string }> = {
  SYNCED: { label: "Synced", tone: "green", color: "#10b981" },
  SKIPPED: { label: "Skipped", tone: "amber", color: "#f59e0b" },
  FAILED: { label: "Failed", tone: "red", color: "#ef4444" },
};

export const DESTINATION: Record<IntegrationProvider, string> = { VITALLY: "Vitally", SALESFORCE: "Salesforce" };

export const KIND: Record<SyncKind, string> = {
  REQUEST: "Request",
  CONVERSATION: "Conversation",
  MESSAGE: "Message",
  SCHEMA: "Schema",
};

/** Every reason code with its one-line title, for the reason filter. */
export const REASON_OPTIONS = REASON_CODES.map((code) => ({ code, title: describeReason(code).title })).sort((a, b) =>
  a.title.localeCompare(b.title),
);

/** What started an attempt, in words ("ferry/request.updated" → "Request updated"). */
export function describeTrigger(trigger: string): string {
  const known: Record<string, string> = {
    retry: "Retry sync",
    skip: "Held message skipped",
    "held.recheck": "Re-check of held messages",
    repair: "Schema check from the dashboard",
    push: "Before a push",
    "integration.resumed": "Credentials fixed",
    "ferry/request.created": "Request created",
    "ferry/request.updated": "Request updated",
    "ferry/request.message-added": "Message added",
    "ferry/request.message-edited": "Message edited",
    "ferry/request.message-deleted": "Message deleted",
    "ferry/integration.connected": "Integration connected",
    "ferry/integration.resumed": "Integration resumed",
    "ferry/custom-field.upserted": "Custom field changed",
  };
  return known[trigger] ?? trigger;
}
