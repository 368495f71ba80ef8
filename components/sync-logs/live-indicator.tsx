"use client";

import { useSyncExternalStore } from "react";
import { cn } from "@/components/ui/cn";

function subscribe(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

/** Whether the page refreshes itself now: live while the tab is visible, paused while it is hidden. */
export function LiveIndicator({ updatedAt, everySeconds, failing }: { updatedAt: number; everySeconds: number; failing: boolean }) {
  const visible = useSyncExternalStore(subscribe, () => document.visibilityState === "visible", () => true);
  const time = updatedAt
    ? new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(updatedAt))
    : null;
  const state = failing ? "Refresh failing" : visible ? "Live" : "Paused";
  return (
    <p className="inline-flex items-center gap-2 text-xs text-zinc-500">
      <span className="relative flex size-2" aria-hidden>
        {visible && !failing ? <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60" /> : null}
        <span className={cn("relative inline-flex size-2 rounded-full", failing ? "bg-red-500" : visible ? "bg-emerald-500" : "bg-zinc-400")} />
      </span>
      <span>
        <span className="font-medium text-zinc-700">{state}</span>
        {visible && !failing ? ` · refreshes every ${everySeconds} s` : failing ? " · retrying" : " while this tab is hidden"}
        {time ? <span suppressHydrationWarning> · updated {time}</span> : null}
      </span>
    </p>
  );
}
