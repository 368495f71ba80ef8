"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/_lib/action";
import type { FieldErrors } from "@/lib/errors";

/**
 * Runs a server action from a client component: pending state, the error and field errors it
 * answered, and a refresh of the server-rendered page after it succeeded.
 */
export function useAction<I, O>(action: (workspaceSlug: string, input: I) => Promise<ActionResult<O>>, workspaceSlug: string) {
  const router = useRouter();
  const [refreshing, startTransition] = useTransition();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  async function run(input: I): Promise<ActionResult<O>> {
    setError(null);
    setFields({});
    setBusy(true);
    let result: ActionResult<O>;
    try {
      result = await action(workspaceSlug, input);
    } catch {
      result = { ok: false, error: { code: "unavailable", message: "Ferry could not be reached. Check your connection and try again." } };
    } finally {
      setBusy(false);
    }
    if (result.ok) {
      startTransition(() => router.refresh());
    } else {
      setFields(result.fields ?? {});
      setError(result.error.message);
    }
    return result;
  }

  function reset() {
    setError(null);
    setFields({});
  }

  return { run, pending: busy || refreshing, error, fields, reset };
}
