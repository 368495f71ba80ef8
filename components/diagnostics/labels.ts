import type { SyncState } from "@/generated/prisma/enums";
import type { Tone } from "@/components/ui/badge";

export const SYNC_STATE: Record<SyncState | "NEVER", { label: string; tone: Tone }> = {
  SYNCED: { label: "Synced", tone: "green" },
  SKIPPED: { label: "Not synced", tone: "amber" },
  FAILED: { label: "Failed", tone: "red" },
  HELD: { label: "Held back", tone: "amber" },
  PENDING: { label: "Pending", tone: "blue" },
  NEVER: { label: "Not pushed yet", tone: "gray" },
};

/** A request's Vitally conversation: the sync states, plus the switch being off and a request older than the connection. */
export const CONVERSATION_STATE: Record<SyncState | "NEVER" | "DISABLED" | "NOT_ELIGIBLE", { label: string; tone: Tone }> = {
  ...SYNC_STATE,
  SYNCED: { label: "In Vitally", tone: "green" },
  NEVER: { label: "Not created yet", tone: "gray" },
  DISABLED: { label: "Off", tone: "gray" },
  NOT_ELIGIBLE: { label: "Not synced", tone: "gray" },
};
