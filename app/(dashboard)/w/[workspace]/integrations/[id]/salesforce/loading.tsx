import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div role="status" aria-label="Loading the Salesforce emulator org">
      <div className="mb-6 space-y-2">
        <Skeleton className="h-6 w-44" />
        <Skeleton className="h-4 w-[32rem]" />
      </div>
      <Card>
        <div className="flex gap-4 border-b border-zinc-100 px-5 py-3">
          <Skeleton className="h-5 w-24" />
          <Skeleton className="h-5 w-20" />
          <Skeleton className="h-5 w-28" />
        </div>
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="flex gap-6 px-5 py-4">
            <Skeleton className="h-3 w-56" />
            <Skeleton className="h-3 w-32" />
            <Skeleton className="h-3 w-32" />
          </div>
        ))}
      </Card>
    </div>
  );
}
