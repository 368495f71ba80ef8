import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-sm text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-xl font-semibold text-zinc-900">Page not found</h1>
        <p className="mt-2 text-sm text-zinc-600">
          This page does not exist, or it belongs to a workspace you are not a member of.
        </p>
        <Link href="/" className={buttonClass("secondary", "md", "mt-6")}>
          Go to your workspace
        </Link>
      </div>
    </main>
  );
}
