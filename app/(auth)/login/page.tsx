import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { signedInUser } from "@/app/_lib/session";

export const metadata: Metadata = { title: "Sign in" };

/** Only a path on this site (any origin is dropped), so a crafted link cannot send someone elsewhere. */
function safeCallback(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return "/";
  try {
    const url = new URL(value, "http://ferry.invalid");
    const path = `${url.pathname}${url.search}`;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/login") ? path : "/";
  } catch {
    return "/";
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await signedInUser();
  const callbackUrl = safeCallback((await searchParams).callbackUrl);
  if (user) redirect(callbackUrl);
  return (
    <AuthCard title="Sign in to Ferry" description="Use the email and password of your Ferry account.">
      <LoginForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
