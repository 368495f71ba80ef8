"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { RefreshIcon } from "@/components/ui/icons";

/** Any unexpected failure inside a workspace page: say so, and offer to try again. */
export default function WorkspaceError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <Alert
      tone="error"
      title="This page could not be loaded"
      action={
        <Button variant="secondary" size="sm" onClick={() => retry()}>
          <RefreshIcon /> Try again
        </Button>
      }
    >
      Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it keeps happening, tell your Ferry
      administrator the reference.
    </Alert>
  );
}
