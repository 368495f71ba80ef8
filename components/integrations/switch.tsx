"use client";

import { useId, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * An on/off setting: a button with role="switch" (Space and Enter toggle it), labelled by its
 * label and described by its description.
 */
export function Switch({
  checked,
  onChange,
  label,
  description,
  disabled,
  busy,
  errors,
}: {
  checked: boolean;
  onChange: (next: boolean) => void;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
  busy?: boolean;
  /** What is wrong with this setting, each shown under it. */
  errors?: string[];
}) {
  const labelId = useId();
  const descriptionId = useId();
  const errorId = useId();
  const hasErrors = Boolean(errors?.length);
  const describedBy = [description ? descriptionId : null, hasErrors ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex items-start justify-between gap-4">
      <div className="min-w-0">
        <p id={labelId} className="text-sm font-medium text-zinc-900">
          {label}
        </p>
        {description ? (
          <p id={descriptionId} className="mt-0.5 text-sm text-zinc-500">
            {description}
          </p>
        ) : null}
        {hasErrors ? (
          <ul id={errorId} className="mt-1 space-y-0.5 text-xs font-medium text-red-600">
            {errors!.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-labelledby={labelId}
        aria-describedby={describedBy}
        aria-invalid={hasErrors || undefined}
        aria-busy={busy || undefined}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className={cn(
          "relative mt-0.5 inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-50",
          checked ? "bg-indigo-600" : "bg-zinc-300",
        )}
      >
        <span
          aria-hidden
          className={cn("inline-block size-4 rounded-full bg-white shadow-sm transition-transform", checked ? "translate-x-4.5" : "translate-x-0.5")}
        />
      </button>
    </div>
  );
}
