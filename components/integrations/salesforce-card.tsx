import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DestinationMark } from "@/components/integrations/destination-mark";

/** Salesforce cannot be connected in this version; the card says what it will do and what to use meanwhile. */
export function SalesforceCard() {
  return (
    <Card>
      <div className="flex items-start gap-4 px-5 py-4">
        <DestinationMark provider="SALESFORCE" muted />
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2">
            <h2 className="text-sm font-semibold text-zinc-900">Salesforce</h2>
            <Badge tone="gray">Not available in this version of Ferry</Badge>
          </div>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600">
            The Salesforce connection is being built. It will turn each request into a Case on the requestor’s Salesforce Account (matched by
            email domain, or by their company name) and keep it up to date as the request changes. This version of Ferry cannot connect to
            Salesforce; requests are kept in Ferry and, if Vitally is connected, sent there.
          </p>
        </div>
      </div>
    </Card>
  );
}
