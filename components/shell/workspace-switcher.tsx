"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { CheckIcon, ChevronUpDownIcon } from "@/components/ui/icons";
import { cn } from "@/components/ui/cn";

type Workspace = { slug: string; name: string; roleLabel: string };

function Monogram({ name }: { name: string }) {
  return (
    <span aria-hidden className="flex size-7 shrink-0 items-center justify-center rounded-md bg-indigo-600 text-xs font-semibold text-white">
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}

/** The current workspace; a menu of the others for people in several. */
export function WorkspaceSwitcher({ current, workspaces }: { current: Workspace; workspaces: Workspace[] }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const header = (
    <>
      <Monogram name={current.name} />
      <span className="min-w-0 flex-1 text-left">
        <span className="block truncate text-sm font-semibold text-zinc-900">{current.name}</span>
        <span className="block truncate text-xs text-zinc-500">{current.roleLabel}</span>
      </span>
    </>
  );

  if (workspaces.length <= 1) {
    return <div className="flex items-center gap-2.5 px-2 py-1.5">{header}</div>;
  }

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Workspace: ${current.name}. Switch workspace`}
        onClick={() => setOpen((v) => !v)}
        className="flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 hover:bg-zinc-100"
      >
        {header}
        <ChevronUpDownIcon className="shrink-0 text-zinc-400" />
      </button>
      {open ? (
        <div id={menuId} className="absolute inset-x-0 top-full z-20 mt-1 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg">
          <p className="px-2 pt-1.5 pb-1 text-xs font-medium text-zinc-500">Switch workspace</p>
          <ul>
            {workspaces.map((w) => {
              const selected = w.slug === current.slug;
              return (
                <li key={w.slug}>
                  <Link
                    href={`/w/${w.slug}/requests`}
                    onClick={() => setOpen(false)}
                    aria-current={selected ? "page" : undefined}
                    className={cn("flex items-center gap-2.5 rounded-md px-2 py-1.5 hover:bg-zinc-100", selected && "bg-zinc-50")}
                  >
                    <Monogram name={w.name} />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-zinc-900">{w.name}</span>
                      <span className="block truncate text-xs text-zinc-500">{w.roleLabel}</span>
                    </span>
                    {selected ? <CheckIcon className="text-indigo-600" /> : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
