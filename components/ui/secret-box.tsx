import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";

/** A secret shown once (API token, one-time password): selectable, with a copy button. */
export function SecretBox({ label, value, large }: { label: string; value: string; large?: boolean }) {
  return (
    <div className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2">
      <code aria-label={label} className={cn("flex-1 font-mono text-zinc-900 select-all", large ? "text-base tracking-wide" : "text-xs break-all")}>
        {value}
      </code>
      <CopyButton value={value} />
    </div>
  );
}
