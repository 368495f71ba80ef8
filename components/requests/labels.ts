import type { Channel, RequestStatus, Sentiment, Urgency } from "@/generated/prisma/enums";
import type { Tone } from "@/components/ui/badge";

export const STATUS: Record<RequestStatus, { label: string; tone: Tone }> = {
  OPEN: { label: "Open", tone: "blue" },
  IN_PROGRESS: { label: "In progress", tone: "indigo" },
  WAITING_ON_CUSTOMER: { label: "Waiting on customer", tone: "amber" },
  ON_HOLD: { label: "On hold", tone: "gray" },
  CLOSED: { label: "Closed", tone: "green" },
};

export const URGENCY: Record<Urgency, { label: string; tone: Tone }> = {
  LOW: { label: "Low", tone: "gray" },
  MEDIUM: { label: "Medium", tone: "blue" },
  HIGH: { label: "High", tone: "amber" },
  URGENT: { label: "Urgent", tone: "red" },
};

export const SENTIMENT: Record<Sentiment, { label: string; tone: Tone }> = {
  POSITIVE: { label: "Positive", tone: "green" },
  NEUTRAL: { label: "Neutral", tone: "gray" },
  NEGATIVE: { label: "Negative", tone: "red" },
};

export const CHANNEL: Record<Channel, string> = {
  SLACK: "Slack",
  EMAIL: "Email",
  WEB: "Web",
  MS_TEAMS: "Microsoft Teams",
};

/** For narrow table cells. */
export const CHANNEL_SHORT: Record<Channel, string> = { ...CHANNEL, MS_TEAMS: "Teams" };

export function formatBytes(size: number | null): string {
  if (size === null) return "size unknown";
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(size < 10 * 1024 ? 1 : 0)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
