import type { RequestStatus, Sentiment, Urgency } from "@/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";
import { SENTIMENT, STATUS, URGENCY } from "@/components/requests/labels";

export function StatusBadge({ status }: { status: RequestStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

export function UrgencyBadge({ urgency }: { urgency: Urgency | null }) {
  if (!urgency) return <span className="text-zinc-400">—</span>;
  return <Badge tone={URGENCY[urgency].tone}>{URGENCY[urgency].label}</Badge>;
}

export function SentimentBadge({ sentiment }: { sentiment: Sentiment | null }) {
  if (!sentiment) return <span className="text-zinc-400">—</span>;
  return <Badge tone={SENTIMENT[sentiment].tone}>{SENTIMENT[sentiment].label}</Badge>;
}
