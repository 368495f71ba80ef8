"use client";

import { useEffect, useState } from "react";
import { IntegrationProvider, SyncKind, SyncOutcome } from "@/generated/prisma/enums";
import { SYNC_LOG_RANGES, type SyncLogRange, type SyncLogsQuery } from "@/lib/sync/logs/sync-logs-query";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Label } from "@/components/ui/input";
import { SearchIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { DESTINATION, KIND, OUTCOME, REASON_OPTIONS } from "@/components/sync-logs/labels";

export type SyncLogsPatch = Partial<Pick<SyncLogsQuery, "q" | "outcome" | "reason" | "destination" | "kind" | "requestNumber" | "range" | "from" | "to">>;

const RANGE_LABEL: Record<SyncLogRange, string> = {
  "24h": "Last 24 hours",
  "3d": "Last 3 days",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
};

/** Search and filters of the sync logs; every change becomes the URL's search params. */
export function SyncLogsFilters({
  query,
  onChange,
  onClear,
  filtered,
}: {
  query: SyncLogsQuery;
  onChange: (patch: SyncLogsPatch) => void;
  onClear: () => void;
  filtered: boolean;
}) {
  const [text, setText] = useState(query.q ?? "");
  const [number, setNumber] = useState(query.requestNumber ? String(query.requestNumber) : "");
  const [custom, setCustom] = useState(Boolean(query.from || query.to));
  // Follow the URL when it changes from elsewhere (back button, clear filters), but never rewrite
  // what is being typed ("jane " must keep its space while "jane" is already searched).
  const [url, setUrl] = useState({ q: query.q, requestNumber: query.requestNumber, dated: Boolean(query.from || query.to) });
  if (url.q !== query.q || url.requestNumber !== query.requestNumber || url.dated !== Boolean(query.from || query.to)) {
    setUrl({ q: query.q, requestNumber: query.requestNumber, dated: Boolean(query.from || query.to) });
    if ((query.q ?? "") !== text.trim()) setText(query.q ?? "");
    if (String(query.requestNumber ?? "") !== number.trim()) setNumber(query.requestNumber ? String(query.requestNumber) : "");
    if (query.from || query.to) setCustom(true);
  }

  // Search and the request number apply once the person pauses typing.
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === query.q) return;
    const timer = setTimeout(() => onChange({ q: next }), 350);
    return () => clearTimeout(timer);
  }, [text, query.q, onChange]);
  useEffect(() => {
    const next = /^\d{1,9}$/.test(number.trim()) ? Number(number.trim()) : undefined;
    if (next === query.requestNumber || (number.trim() !== "" && next === undefined)) return;
    const timer = setTimeout(() => onChange({ requestNumber: next }), 350);
    return () => clearTimeout(timer);
  }, [number, query.requestNumber, onChange]);

  const toggleOutcome = (o: SyncOutcome) =>
    onChange({ outcome: query.outcome.includes(o) ? query.outcome.filter((x) => x !== o) : [...query.outcome, o] });
  const period = query.range ?? (custom ? "custom" : "");

  return (
    <div className="space-y-3 border-b border-zinc-100 px-4 py-3">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ q: text.trim() || undefined });
        }}
        className="relative"
      >
        <label htmlFor="sync-logs-search" className="sr-only">
          Search sync logs
        </label>
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-zinc-400" />
        <Input
          id="sync-logs-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Search by request number (135) or requestor email (jane@acme.com, or its start)"
          className="pl-9"
        />
      </form>
      <div className="flex flex-wrap items-end gap-3">
        <fieldset className="space-y-1">
          <legend className="mb-1 text-xs font-medium text-zinc-500">Outcome</legend>
          <div className="flex h-9 overflow-hidden rounded-md border border-zinc-300 shadow-xs">
            {Object.values(SyncOutcome).map((o, i) => {
              const on = query.outcome.includes(o);
              return (
                <button
                  key={o}
                  type="button"
                  aria-pressed={on}
                  onClick={() => toggleOutcome(o)}
                  className={cn(
                    "px-3 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500",
                    i > 0 && "border-l border-zinc-300",
                    on ? "bg-indigo-50 text-indigo-700" : "bg-white text-zinc-700 hover:bg-zinc-50",
                  )}
                >
                  <span aria-hidden className="mr-1.5 inline-block size-2 rounded-full" style={{ background: OUTCOME[o].color }} />
                  {OUTCOME[o].label}
                </button>
              );
            })}
          </div>
        </fieldset>
        <FilterSelect id="filter-reason" label="Reason" value={query.reason} onChange={(reason) => onChange({ reason })} className="w-64" any="Any reason">
          {REASON_OPTIONS.map((r) => (
            <option key={r.code} value={r.code}>
              {r.title}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          id="filter-destination"
          label="Destination"
          value={query.destination}
          onChange={(v) => onChange({ destination: v as IntegrationProvider | undefined })}
          any="Any destination"
        >
          {Object.values(IntegrationProvider).map((p) => (
            <option key={p} value={p}>
              {DESTINATION[p]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-kind" label="Kind" value={query.kind} onChange={(v) => onChange({ kind: v as SyncKind | undefined })} any="Any kind">
          {Object.values(SyncKind).map((k) => (
            <option key={k} value={k}>
              {KIND[k]}
            </option>
          ))}
        </FilterSelect>
        <div className="space-y-1">
          <Label htmlFor="filter-request-number" className="text-xs text-zinc-500">
            Request number
          </Label>
          <Input
            id="filter-request-number"
            inputMode="numeric"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder="Any"
            className="w-28"
            aria-invalid={number.trim() !== "" && !/^\d{1,9}$/.test(number.trim()) ? true : undefined}
          />
        </div>
        <div className="space-y-1">
          <Label htmlFor="filter-period" className="text-xs text-zinc-500">
            When
          </Label>
          <Select
            id="filter-period"
            value={period}
            onChange={(e) => {
              const value = e.target.value;
              if (value === "custom") {
                setCustom(true);
                onChange({ range: undefined });
              } else {
                setCustom(false);
                onChange({ range: (value || undefined) as SyncLogRange | undefined, from: undefined, to: undefined });
              }
            }}
            className="w-40"
          >
            <option value="">Any time</option>
            {SYNC_LOG_RANGES.map((r) => (
              <option key={r} value={r}>
                {RANGE_LABEL[r]}
              </option>
            ))}
            <option value="custom">Custom dates…</option>
          </Select>
        </div>
        {period === "custom" ? (
          <>
            <div className="space-y-1">
              <Label htmlFor="filter-from" className="text-xs text-zinc-500">
                From
              </Label>
              <Input id="filter-from" type="date" value={query.from?.slice(0, 10) ?? ""} max={query.to?.slice(0, 10)} onChange={(e) => onChange({ from: e.target.value || undefined })} className="w-38" />
            </div>
            <div className="space-y-1">
              <Label htmlFor="filter-to" className="text-xs text-zinc-500">
                To
              </Label>
              <Input id="filter-to" type="date" value={query.to?.slice(0, 10) ?? ""} min={query.from?.slice(0, 10)} onChange={(e) => onChange({ to: e.target.value || undefined })} className="w-38" />
            </div>
          </>
        ) : null}
        {filtered ? (
          <Button
            variant="ghost"
            className="ml-auto"
            onClick={() => {
              setCustom(false);
              onClear();
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function FilterSelect({
  id,
  label,
  value,
  onChange,
  children,
  className = "w-40",
  any,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  children: React.ReactNode;
  className?: string;
  any: string;
}) {
  return (
    <div className="space-y-1">
      <Label htmlFor={id} className="text-xs text-zinc-500">
        {label}
      </Label>
      <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} className={className}>
        <option value="">{any}</option>
        {children}
      </Select>
    </div>
  );
}
