import type { ReactNode } from "react";

/** The centred card of the signed-out screens. */
export function AuthCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span aria-hidden className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-sm font-bold text-white">
            F
          </span>
          <span className="text-lg font-semibold tracking-tight text-zinc-900">Ferry</span>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white px-6 py-7 shadow-sm">
          <h1 className="text-lg font-semibold text-zinc-900">{title}</h1>
          {description ? <p className="mt-1 text-sm text-zinc-500">{description}</p> : null}
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </main>
  );
}
