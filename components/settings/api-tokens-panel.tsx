"use client";

import { useState } from "react";
import type { ApiTokenSummary } from "@/lib/api-tokens/schemas";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon } from "@/components/ui/icons";
import { Field, fieldAria, Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { SecretBox } from "@/components/ui/secret-box";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useAction } from "@/components/settings/use-action";
import { createApiTokenAction, revokeApiTokenAction } from "@/app/(dashboard)/w/[workspace]/settings/token-actions";

/** API tokens of Ferry's public API: create (secret shown once), list, revoke. Owners and admins only. */
export function ApiTokensPanel({ workspaceSlug, tokens }: { workspaceSlug: string; tokens: ApiTokenSummary[] }) {
  const [creating, setCreating] = useState(false);
  return (
    <Card>
      <CardHeader
        id="api-tokens-title"
        title="API tokens"
        description="Your support platform sends requests to Ferry's API with one of these. Each token works for this workspace only."
        action={<Button onClick={() => setCreating(true)}>Create token</Button>}
      />
      {tokens.length === 0 ? (
        <EmptyState icon={<KeyIcon />} title="No API tokens yet">
          Create a token, then give it to your support platform as a bearer token for <code className="font-mono text-xs">/api/v1</code>.
        </EmptyState>
      ) : (
        <Table aria-labelledby="api-tokens-title">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Token</TH>
              <TH>Created</TH>
              <TH>Last used</TH>
              <TH className="text-right">Status</TH>
            </tr>
          </THead>
          <tbody>
            {tokens.map((t) => (
              <TokenRow key={t.id} token={t} workspaceSlug={workspaceSlug} />
            ))}
          </tbody>
        </Table>
      )}
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} workspaceSlug={workspaceSlug} />
    </Card>
  );
}

function TokenRow({ token, workspaceSlug }: { token: ApiTokenSummary; workspaceSlug: string }) {
  const revoke = useAction(revokeApiTokenAction, workspaceSlug);
  const [confirming, setConfirming] = useState(false);
  const revoked = token.revokedAt !== null;
  return (
    <TR className={revoked ? "text-zinc-400" : undefined}>
      <TD>
        <div className={revoked ? "font-medium text-zinc-500" : "font-medium text-zinc-900"}>{token.name}</div>
        {token.createdBy ? <div className="text-xs text-zinc-500">by {token.createdBy.name}</div> : null}
        {revoke.error ? (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {revoke.error}
          </p>
        ) : null}
      </TD>
      <TD>
        <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{token.prefix}…</code>
      </TD>
      <TD className="text-zinc-500">
        <LocalTime value={token.createdAt} style="date" />
      </TD>
      <TD className="text-zinc-500">{token.lastUsedAt ? <LocalTime value={token.lastUsedAt} /> : "Never"}</TD>
      <TD className="text-right">
        {revoked ? (
          <Badge tone="gray">
            Revoked&nbsp;
            <LocalTime value={token.revokedAt!} style="date" />
          </Badge>
        ) : (
          <div className="flex items-center justify-end gap-2">
            <Badge tone="green">Active</Badge>
            <Button variant="ghost-danger" size="sm" onClick={() => setConfirming(true)} aria-label={`Revoke ${token.name}`}>
              Revoke
            </Button>
          </div>
        )}
        <Dialog
          open={confirming}
          onClose={() => setConfirming(false)}
          title={`Revoke “${token.name}”?`}
          description="Anything using this token is refused from now on. This cannot be undone; create a new token if you need one."
          footer={
            <>
              <Button variant="secondary" onClick={() => setConfirming(false)} data-autofocus>
                Cancel
              </Button>
              <Button
                variant="danger"
                disabled={revoke.pending}
                onClick={async () => {
                  await revoke.run({ tokenId: token.id });
                  setConfirming(false);
                }}
              >
                {revoke.pending ? "Revoking…" : "Revoke token"}
              </Button>
            </>
          }
        />
      </TD>
    </TR>
  );
}

function CreateTokenDialog({ open, onClose, workspaceSlug }: { open: boolean; onClose: () => void; workspaceSlug: string }) {
  const create = useAction(createApiTokenAction, workspaceSlug);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);

  function close() {
    // Forget the secret: it is shown once and cannot be shown again.
    setSecret(null);
    create.reset();
    onClose();
  }

  if (secret) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title="Copy your new API token"
        description={`“${secret.name}” is ready. Copy it now and store it in your support platform: Ferry keeps only a hash and cannot show it again.`}
        footer={
          <Button onClick={close} data-autofocus>
            I have copied it
          </Button>
        }
      >
        <div className="space-y-3">
          <SecretBox label="API token" value={secret.value} />
          <p className="text-xs text-zinc-500">
            Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> with every call to <code className="font-mono">/api/v1</code>.
          </p>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open={open} onClose={close} title="Create an API token" description="Name it after what will use it, so you know which one to revoke later.">
      <form
        className="space-y-4"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get("name") ?? "");
          const result = await create.run({ name });
          if (result.ok) setSecret({ name: result.data.token.name, value: result.data.secret });
        }}
      >
        {create.error && Object.keys(create.fields).length === 0 ? <Alert tone="error">{create.error}</Alert> : null}
        <Field id="token-name" label="Name" hint="For example “Support platform production”." error={create.fields.name}>
          <Input {...fieldAria("token-name", create.fields.name, true)} name="name" autoComplete="off" required maxLength={100} data-autofocus />
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.pending}>
            {create.pending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
