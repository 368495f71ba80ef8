import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div role="status" aria-label="Loading integrations">
      <div className="mb-6 space-y-2">
        <Skeleton className="h-6 w-36" />
        <Skeleton className="h-4 w-96" />
      </div>
      <div className="space-y-6">
        {[0, 1].map((i) => (
          <Card key={i} className="flex items-start gap-4 px-5 py-4">
            <Skeleton className="size-9 rounded-lg" />
            <div className="flex-1 space-y-2">
              <Skeleton className="h-4 w-32" />
              <Skeleton className="h-3 w-3/4" />
              <Skeleton className="h-3 w-1/2" />
            </div>
          </Card>
        ))}
      </div>
    </div>
  );
}
