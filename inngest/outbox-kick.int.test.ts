import { describe, expect, it } from "vitest";
import { RELAY_MIN_INTERVAL_MS, kickOutbox } from "@/inngest/outbox-kick";
import { createRequest } from "@/lib/requests/create-request";
import type { OutgoingEvent } from "@/lib/outbox/relay";
import { createWorkspace } from "@/tests/factories";

describe("kickOutbox", () => {
  it("coalesces kicks that come sooner than RELAY_MIN_INTERVAL_MS after a run into one later run, and delivers everything", async () => {
    const ws = await createWorkspace();
    const sends: { at: number; events: OutgoingEvent[] }[] = [];
    const send = async (events: OutgoingEvent[]) => void sends.push({ at: Date.now(), events });
    const data = { channel: "web" as const, title: "t", messageText: "m", requestor: { name: "R" } };

    await createRequest({ workspaceId: ws.id, data });
    const firstRunFrom = Date.now();
    await kickOutbox({ send, force: true });
    const mine = (events: OutgoingEvent[]) => events.filter((e) => e.data.workspaceId === ws.id).length;
    expect(sends.reduce((n, s) => n + mine(s.events), 0)).toBe(1);

    // Three writes and three kicks right after that run: none runs now, one run delivers all three.
    const kicks = [];
    for (let i = 0; i < 3; i++) {
      await createRequest({ workspaceId: ws.id, data });
      kicks.push(kickOutbox({ send }));
    }
    await Promise.all(kicks);
    expect(sends).toHaveLength(2);
    expect(sends[1].at - firstRunFrom).toBeGreaterThanOrEqual(RELAY_MIN_INTERVAL_MS);
    expect(mine(sends[1].events)).toBe(3);
  });
});
