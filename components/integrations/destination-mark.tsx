import type { IntegrationProvider } from "@/generated/prisma/enums";
import { cn } from "@/components/ui/cn";

const MARKS: Record<IntegrationProvider, { letter: string; color: string }> = {
  VITALLY: { letter: "V", color: "bg-emerald-600" },
  SALESFORCE: { letter: "S", color: "bg-sky-600" },
};

/** The destination's monogram, as on the Integrations page. */
export function DestinationMark({ provider, muted = false }: { provider: IntegrationProvider; muted?: boolean }) {
  const mark = MARKS[provider];
  return (
    <span
      aria-hidden
      className={cn("flex size-9 shrink-0 items-center justify-center rounded-lg text-sm font-bold text-white", muted ? "bg-zinc-300" : mark.color)}
    >
      {mark.letter}
    </span>
  );
}
