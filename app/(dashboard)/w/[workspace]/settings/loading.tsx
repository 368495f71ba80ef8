import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div role="status" aria-label="Loading settings">
      <div className="mb-6 space-y-2">
        <Skeleton className="h-6 w-28" />
        <Skeleton className="h-4 w-72" />
      </div>
      <div className="space-y-8">
        {[5, 2].map((rows, i) => (
          <Card key={i}>
            <div className="flex items-center justify-between border-b border-zinc-100 px-5 py-4">
              <div className="space-y-2">
                <Skeleton className="h-4 w-24" />
                <Skeleton className="h-3 w-80" />
              </div>
              <Skeleton className="h-9 w-28" />
            </div>
            {Array.from({ length: rows }, (_, r) => (
              <div key={r} className="flex items-center gap-8 border-b border-zinc-100 px-5 py-4 last:border-0">
                <div className="w-64 space-y-2">
                  <Skeleton className="h-3.5 w-36" />
                  <Skeleton className="h-3 w-48" />
                </div>
                <Skeleton className="h-8 w-36" />
                <Skeleton className="h-3 w-24" />
              </div>
            ))}
          </Card>
        ))}
      </div>
    </div>
  );
}
