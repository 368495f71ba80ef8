"use client";

import type { FieldErrors } from "@/lib/errors";
import { Field, fieldAria, Input } from "@/components/ui/input";
import { Switch } from "@/components/integrations/switch";

export type ConversationSettings = { syncConversations: boolean; defaultAdminEmail: string };

/**
 * "Sync threads as Vitally conversations" and the Default admin email, with what Vitally said about
 * them under each: the key's access under the switch, the admin under the email.
 */
export function ConversationSettingsFields({
  value,
  onChange,
  fields,
  idPrefix,
  disabled,
}: {
  value: ConversationSettings;
  onChange: (next: ConversationSettings) => void;
  fields: FieldErrors;
  idPrefix: string;
  disabled?: boolean;
}) {
  const emailId = `${idPrefix}-default-admin-email`;
  const switchErrors = [...(fields.syncConversations ?? []), ...(fields.auth ?? [])];
  return (
    <div className="space-y-4">
      <Switch
        checked={value.syncConversations}
        onChange={(syncConversations) => onChange({ ...value, syncConversations })}
        disabled={disabled}
        label="Sync threads as Vitally conversations"
        description={
          value.syncConversations
            ? "Each new request’s customer thread becomes a conversation on the customer’s Vitally profile, message by message. Internal notes stay out."
            : "Customer threads are only sent as the request record’s thread traits."
        }
        errors={switchErrors}
      />
      <Field
        id={emailId}
        label="Default admin email"
        hint="The Vitally admin who speaks for the team when no assigned teammate is a Vitally admin (for example on unassigned requests). Ferry checks that they are an active admin."
        error={fields.defaultAdminEmail}
      >
        <Input
          {...fieldAria(emailId, fields.defaultAdminEmail, true)}
          name="defaultAdminEmail"
          type="email"
          value={value.defaultAdminEmail}
          onChange={(e) => onChange({ ...value, defaultAdminEmail: e.target.value })}
          disabled={disabled}
          autoComplete="off"
          spellCheck={false}
          maxLength={320}
          placeholder="ada@acme.com"
        />
      </Field>
    </div>
  );
}

/** The settings as the actions take them: an empty email is no default admin. */
export function conversationSettingsInput(value: ConversationSettings) {
  const email = value.defaultAdminEmail.trim();
  return { syncConversations: value.syncConversations, defaultAdminEmail: email === "" ? null : email };
}

/** A problem that belongs to neither field (rate limited, Vitally down). */
export function conversationFormError(error: string | null, fields: FieldErrors): string | null {
  if (fields.form?.length) return fields.form.join(" ");
  if (fields.syncConversations?.length || fields.auth?.length || fields.defaultAdminEmail?.length) return null;
  return error;
}
