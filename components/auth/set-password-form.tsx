"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FieldErrors } from "@/lib/errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, fieldAria, Input } from "@/components/ui/input";
import { setNewPasswordAction } from "@/app/(auth)/change-password/actions";

export function SetPasswordForm() {
  const router = useRouter();
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    const result = await setNewPasswordAction(new FormData(e.currentTarget));
    if (result.ok) {
      router.replace("/");
      router.refresh();
      return;
    }
    setPending(false);
    setFields(result.fields ?? {});
    setError(result.fields ? null : result.error.message);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="newPassword" label="New password" hint="At least 10 characters." error={fields.newPassword}>
        <Input {...fieldAria("newPassword", fields.newPassword, true)} name="newPassword" type="password" autoComplete="new-password" required autoFocus />
      </Field>
      <Field id="confirmPassword" label="Repeat the new password" error={fields.confirmPassword}>
        <Input {...fieldAria("confirmPassword", fields.confirmPassword)} name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set password and continue"}
      </Button>
    </form>
  );
}
