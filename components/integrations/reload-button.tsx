"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { RefreshIcon } from "@/components/ui/icons";

/** Reads the server page again (e.g. a snapshot of the sandbox). */
export function ReloadButton({ label = "Reload" }: { label?: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button variant="secondary" onClick={() => start(() => router.refresh())} disabled={pending}>
      <RefreshIcon /> {pending ? "Reloading…" : label}
    </Button>
  );
}
