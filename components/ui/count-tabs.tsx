"use client";

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

export type CountTab<K extends string> = { key: K; label: string; count: number };

/**
 * Tabs with a count on each, in a card (WAI-ARIA tabs: arrow keys, Home and End move between them;
 * only the selected tab is in the tab order). `panel` renders the selected tab's content.
 */
export function CountTabs<K extends string>({
  label,
  tabs,
  initial,
  panel,
}: {
  label: string;
  tabs: CountTab<K>[];
  initial: K;
  panel: (key: K) => ReactNode;
}) {
  const [tab, setTab] = useState<K>(initial);
  const base = useId();
  const refs = useRef(new Map<K, HTMLButtonElement | null>());

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.key === tab);
    const move = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!move && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const next = e.key === "Home" ? tabs[0] : e.key === "End" ? tabs[tabs.length - 1] : tabs[(index + move + tabs.length) % tabs.length];
    if (!next) return;
    setTab(next.key);
    refs.current.get(next.key)?.focus();
  }

  return (
    <Card>
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 overflow-x-auto border-b border-zinc-100 px-3 pt-2">
        {tabs.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              refs.current.set(t.key, el);
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.key}`}
            aria-selected={tab === t.key}
            aria-controls={`${base}-panel-${t.key}`}
            tabIndex={tab === t.key ? 0 : -1}
            onClick={() => setTab(t.key)}
            className={cn(
              "-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
              tab === t.key ? "border-indigo-600 text-indigo-700" : "border-transparent text-zinc-500 hover:text-zinc-800",
            )}
          >
            {t.label}
            <span className="rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600">{t.count}</span>
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div key={t.key} role="tabpanel" id={`${base}-panel-${t.key}`} aria-labelledby={`${base}-tab-${t.key}`} hidden={tab !== t.key}>
          {panel(t.key)}
        </div>
      ))}
    </Card>
  );
}
