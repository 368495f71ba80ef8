import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { SyncLogsTableSkeleton } from "@/components/sync-logs/sync-logs-view";

export default function Loading() {
  return (
    <>
      <div className="mb-6 space-y-2">
        <Skeleton className="h-6 w-32" />
        <Skeleton className="h-4 w-96" />
      </div>
      <div className="space-y-6">
        <Card className="px-5 py-4">
          <Skeleton className="h-44 w-full" />
        </Card>
        <Card>
          <SyncLogsTableSkeleton />
        </Card>
      </div>
    </>
  );
}
