"use client";

import type { FieldErrors } from "@/lib/errors";
import { Field, fieldAria, Input } from "@/components/ui/input";

export type VitallyCredentials = { apiUrl: string; auth: string };

/** The API URL and authentication inputs of the connect and edit-credentials dialogs. */
export function VitallyCredentialFields({
  value,
  onChange,
  fields,
  idPrefix,
  focus = "apiUrl",
}: {
  value: VitallyCredentials;
  onChange: (next: VitallyCredentials) => void;
  fields: FieldErrors;
  idPrefix: string;
  /** The input the dialog focuses first. */
  focus?: "apiUrl" | "auth";
}) {
  const urlId = `${idPrefix}-api-url`;
  const authId = `${idPrefix}-auth`;
  return (
    <div className="space-y-4">
      <Field
        id={urlId}
        label="API URL"
        hint={
          <>
            As Vitally shows it next to the API key: <span className="font-mono">https://acme.rest.vitally.io</span>, just your subdomain (
            <span className="font-mono">acme</span>), or <span className="font-mono">https://rest.vitally-eu.io</span> for the EU data centre.
          </>
        }
        error={fields.apiUrl}
      >
        <Input
          {...fieldAria(urlId, fields.apiUrl, true)}
          name="apiUrl"
          value={value.apiUrl}
          onChange={(e) => onChange({ ...value, apiUrl: e.target.value })}
          autoComplete="off"
          spellCheck={false}
          maxLength={500}
          placeholder="https://acme.rest.vitally.io"
          data-autofocus={focus === "apiUrl" || undefined}
        />
      </Field>
      <Field
        id={authId}
        label="Authentication"
        hint="The Secret Token, or the Basic Auth Header, from Vitally → Settings → Integrations → Vitally REST API. Ferry stores it encrypted and never shows it again."
        error={fields.auth}
      >
        <Input
          {...fieldAria(authId, fields.auth, true)}
          name="auth"
          type="password"
          value={value.auth}
          onChange={(e) => onChange({ ...value, auth: e.target.value })}
          autoComplete="off"
          spellCheck={false}
          maxLength={2000}
          placeholder="sk_live_… or Basic c2tfbGl2ZV8…"
          data-autofocus={focus === "auth" || undefined}
        />
      </Field>
    </div>
  );
}

/** Errors that belong to no input (rate limited, Vitally down, another workspace's instance…). */
export function generalError(error: string | null, fields: FieldErrors): string | null {
  if (fields.form?.length) return fields.form[0];
  if (fields.apiUrl?.length || fields.auth?.length) return null;
  return error;
}
