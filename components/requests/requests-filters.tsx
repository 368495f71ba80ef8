"use client";

import { useEffect, useState } from "react";
import { Channel, RequestStatus, Urgency } from "@/generated/prisma/enums";
import type { RequestsQuery } from "@/lib/dashboard/requests-query";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { SearchIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { CHANNEL, STATUS, URGENCY } from "@/components/requests/labels";

export type FilterPatch = Partial<Pick<RequestsQuery, "q" | "status" | "channel" | "urgency" | "from" | "to" | "sort" | "dir">>;

const SORTS = [
  { value: "created:desc", label: "Newest first" },
  { value: "created:asc", label: "Oldest first" },
  { value: "updated:desc", label: "Recently updated" },
  { value: "updated:asc", label: "Least recently updated" },
  { value: "number:desc", label: "Number, high to low" },
  { value: "number:asc", label: "Number, low to high" },
] as const;

/** Search, filters and sort of the requests table; every change becomes the URL's search params. */
export function RequestsFilters({
  query,
  onChange,
  onClear,
  filtered,
}: {
  query: RequestsQuery;
  onChange: (patch: FilterPatch) => void;
  onClear: () => void;
  filtered: boolean;
}) {
  const [text, setText] = useState(query.q ?? "");
  // Follow the URL when it changes from elsewhere (back button, clear filters), but never rewrite
  // what is being typed ("foo " must keep its space while "foo" is already searched).
  const [urlQ, setUrlQ] = useState(query.q);
  if (urlQ !== query.q) {
    setUrlQ(query.q);
    if ((query.q ?? "") !== text.trim()) setText(query.q ?? "");
  }

  // Search as the person types, once they pause.
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === query.q) return;
    const timer = setTimeout(() => onChange({ q: next }), 350);
    return () => clearTimeout(timer);
  }, [text, query.q, onChange]);

  return (
    <div className="space-y-3 border-b border-zinc-100 px-4 py-4">
      <div className="flex flex-wrap items-center gap-3">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ q: text.trim() || undefined });
          }}
          className="relative min-w-64 flex-1"
        >
          <label htmlFor="requests-search" className="sr-only">
            Search requests
          </label>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-zinc-400" />
          <Input
            id="requests-search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Search by number, title, requestor name or email"
            className="pl-9"
          />
        </form>
        <div className="flex items-center gap-2">
          <Label htmlFor="sort" className="text-xs font-medium text-zinc-500">
            Sort
          </Label>
          <Select
            id="sort"
            value={`${query.sort}:${query.dir}`}
            onChange={(e) => {
              const [sort, dir] = e.target.value.split(":") as [RequestsQuery["sort"], RequestsQuery["dir"]];
              onChange({ sort, dir });
            }}
            className="w-52"
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect id="filter-status" label="Status" value={query.status} onChange={(v) => onChange({ status: v as RequestStatus | undefined })}>
          {Object.values(RequestStatus).map((s) => (
            <option key={s} value={s}>
              {STATUS[s].label}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-channel" label="Channel" value={query.channel} onChange={(v) => onChange({ channel: v as Channel | undefined })}>
          {Object.values(Channel).map((c) => (
            <option key={c} value={c}>
              {CHANNEL[c]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-urgency" label="Urgency" value={query.urgency} onChange={(v) => onChange({ urgency: v as Urgency | undefined })}>
          {Object.values(Urgency).map((u) => (
            <option key={u} value={u}>
              {URGENCY[u].label}
            </option>
          ))}
        </FilterSelect>
        <div className="space-y-1">
          <Label htmlFor="filter-from" className="text-xs font-medium text-zinc-500">
            Created from
          </Label>
          <Input id="filter-from" type="date" value={query.from ?? ""} max={query.to} onChange={(e) => onChange({ from: e.target.value || undefined })} className="w-36" />
        </div>
        <div className="space-y-1">
          <Label htmlFor="filter-to" className="text-xs font-medium text-zinc-500">
            Created to
          </Label>
          <Input id="filter-to" type="date" value={query.to ?? ""} min={query.from} onChange={(e) => onChange({ to: e.target.value || undefined })} className="w-36" />
        </div>
        {filtered ? (
          <Button variant="ghost" onClick={onClear}>
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
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-1">
      <Label htmlFor={id} className="text-xs font-medium text-zinc-500">
        {label}
      </Label>
      <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} className="w-36">
        <option value="">Any {label.toLowerCase()}</option>
        {children}
      </Select>
    </div>
  );
}
