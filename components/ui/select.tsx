import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/input";

/** A native select with our look; `className` sizes the box, `compact` makes it table-row height. */
export function Select({ className, compact, children, ...props }: ComponentProps<"select"> & { compact?: boolean }) {
  return (
    <div className={cn("relative", className)}>
      <select className={cn(controlClass, "appearance-none pr-8", compact ? "h-8 py-1 text-xs" : "h-9 py-1.5")} {...props}>
        {children}
      </select>
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        width={16}
        height={16}
        className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-zinc-400"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.6}
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8l4 4 4-4" />
      </svg>
    </div>
  );
}
