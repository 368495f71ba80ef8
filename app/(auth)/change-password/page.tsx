import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetPasswordForm } from "@/components/auth/set-password-form";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { requireSignedInUser } from "@/app/_lib/session";

export const metadata: Metadata = { title: "Set a new password" };

export default async function ChangePasswordPage() {
  const user = await requireSignedInUser({ passwordStep: true });
  if (!user.mustChangePassword) redirect("/");
  return (
    <AuthCard
      title="Set a new password"
      description={
        <>
          Welcome, {user.name}. You signed in with a one-time password; choose your own to continue.
        </>
      }
    >
      <SetPasswordForm />
      <div className="mt-5 flex items-center justify-between border-t border-zinc-100 pt-4 text-xs text-zinc-500">
        <span className="truncate">Signed in as {user.email}</span>
        <SignOutButton />
      </div>
    </AuthCard>
  );
}
