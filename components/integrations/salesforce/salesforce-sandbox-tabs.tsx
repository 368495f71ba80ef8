"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import type { SalesforceSandboxView } from "@/lib/integrations/salesforce/sandbox-view";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon, UsersIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";

export type SalesforceSandboxTab = "requests" | "accounts" | "contacts";

/** Requests / Accounts / Contacts of an emulator org, as tabs (arrow keys, Home and End move between them). */
export function SalesforceSandboxTabs({ view, initialTab = "requests" }: { view: SalesforceSandboxView; initialTab?: SalesforceSandboxTab }) {
  const [tab, setTab] = useState<SalesforceSandboxTab>(initialTab);
  const base = useId();
  const refs = useRef<Record<SalesforceSandboxTab, HTMLButtonElement | null>>({ requests: null, accounts: null, contacts: null });
  const tabs: { key: SalesforceSandboxTab; label: string; count: number }[] = [
    { key: "requests", label: "Requests (Request__c)", count: view.requests.length },
    { key: "accounts", label: "Accounts", count: view.accounts.length },
    { key: "contacts", label: "Contacts", count: view.contacts.length },
  ];

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.key === tab);
    const move = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!move && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const next = e.key === "Home" ? tabs[0] : e.key === "End" ? tabs[tabs.length - 1] : tabs[(index + move + tabs.length) % tabs.length];
    setTab(next.key);
    refs.current[next.key]?.focus();
  }

  return (
    <Card>
      <div role="tablist" aria-label="Emulator records" onKeyDown={onKeyDown} className="flex gap-1 overflow-x-auto border-b border-zinc-100 px-3 pt-2">
        {tabs.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              refs.current[t.key] = el;
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
          {t.key === "requests" ? <Requests view={view} /> : t.key === "accounts" ? <Accounts items={view.accounts} /> : <Contacts items={view.contacts} />}
        </div>
      ))}
    </Card>
  );
}

function Requests({ view }: { view: SalesforceSandboxView }) {
  if (view.requests.length === 0) {
    return (
      <EmptyState icon={<InboxIcon />} title="No Request__c records in this org yet">
        {view.requestObject
          ? "Each request Ferry pushes appears here as a Request record, linked to its Account and Contact. Requests created since the connection are pushed when Ferry’s background worker runs; their sync logs say what happened."
          : "Ferry has not created the Request object here yet. It does so right after connecting; the set-up panel on the Integrations page shows how far it got."}
      </EmptyState>
    );
  }
  return (
    <ul aria-label="Request records" className="divide-y divide-zinc-100">
      {view.requests.map((r) => (
        <li key={r.id} className="px-5 py-3">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <div className="min-w-0">
              <p className="font-medium text-zinc-900">
                {r.name} {r.status ? <Badge tone="blue">{r.status}</Badge> : null}
              </p>
              <p className="text-xs text-zinc-500">
                {r.account ? <>Account: {r.account}</> : "No Account"} · {r.contact ? <>Contact: {r.contact}</> : "No Contact"} ·{" "}
                <span className="font-mono">{r.id}</span>
              </p>
            </div>
            {r.updatedAt ? (
              <p className="text-xs text-zinc-500">
                Modified <LocalTime value={r.updatedAt} />
              </p>
            ) : null}
          </div>
          <details className="mt-2">
            <summary className="cursor-pointer text-xs font-medium text-indigo-600 select-none hover:text-indigo-500">
              {r.fields.length} field{r.fields.length === 1 ? "" : "s"} with a value
            </summary>
            <dl className="mt-2 grid gap-x-6 gap-y-1.5 text-xs sm:grid-cols-[14rem_minmax(0,1fr)]">
              {r.fields.map((f) => (
                <div key={f.apiName} className="contents">
                  <dt className="text-zinc-500">
                    {f.label} <span className="font-mono text-zinc-400">{f.apiName}</span>
                  </dt>
                  <dd className="break-words whitespace-pre-wrap text-zinc-800">{f.value}</dd>
                </div>
              ))}
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}

function Accounts({ items }: { items: SalesforceSandboxView["accounts"] }) {
  if (items.length === 0) {
    return (
      <EmptyState icon={<UsersIcon />} title="No Accounts in this org">
        Matching links a request to an Account through its Contact, an email domain or the requestor’s company name. Seed the demo org to try it.
      </EmptyState>
    );
  }
  return (
    <Table aria-label="Accounts">
      <THead>
        <tr>
          <TH>Account</TH>
          <TH>Contacts</TH>
          <TH>Requests</TH>
          <TH>Id</TH>
        </tr>
      </THead>
      <tbody>
        {items.map((a) => (
          <TR key={a.id}>
            <TD className="font-medium text-zinc-900">{a.name}</TD>
            <TD>{a.contacts}</TD>
            <TD>{a.requests}</TD>
            <TD className="font-mono text-xs">{a.id}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

function Contacts({ items }: { items: SalesforceSandboxView["contacts"] }) {
  if (items.length === 0) {
    return <EmptyState icon={<UsersIcon />} title="No Contacts in this org" />;
  }
  return (
    <Table aria-label="Contacts">
      <THead>
        <tr>
          <TH>Contact</TH>
          <TH>Email</TH>
          <TH>Account</TH>
          <TH>Requests</TH>
        </tr>
      </THead>
      <tbody>
        {items.map((c) => (
          <TR key={c.id}>
            <TD className="font-medium text-zinc-900">{c.name}</TD>
            <TD>{c.email ?? <span className="text-zinc-400">no email</span>}</TD>
            <TD>{c.account ?? <span className="text-zinc-400">no Account</span>}</TD>
            <TD>{c.requests}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}
