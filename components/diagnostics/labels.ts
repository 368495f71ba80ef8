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
