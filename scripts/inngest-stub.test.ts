import { Inngest } from "inngest";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInngestStub, type InngestStub } from "./inngest-stub.mjs";

let stub: InngestStub;
beforeAll(async () => {
  stub = await startInngestStub();
});
afterAll(() => stub.close());

describe("the Inngest loopback stub", () => {
  test("the real SDK's send succeeds against it and the events are recorded", async () => {
    const client = new Inngest({ id: "stub-check", isDev: true, baseUrl: stub.url });
    const t0 = performance.now();
    const result = await client.send([
      { id: "ferry-outbox-1", name: "ferry/request.created", data: { requestId: "r1" } },
      { id: "ferry-outbox-2", name: "ferry/request.updated", data: { requestId: "r1" } },
    ]);
    expect(performance.now() - t0).toBeLessThan(1000); // no retry back-off: it answered as Inngest does
    expect(result.ids).toEqual(["ferry-outbox-1", "ferry-outbox-2"]);
    expect(stub.events().map((e) => [e.id, e.name])).toEqual([
      ["ferry-outbox-1", "ferry/request.created"],
      ["ferry-outbox-2", "ferry/request.updated"],
    ]);
  });

  test("serves what it received over HTTP and forgets it on DELETE", async () => {
    const listed = (await (await fetch(`${stub.url}/_stub/events`)).json()) as { count: number; events: { id: string }[] };
    expect(listed.count).toBe(stub.received());
    expect(listed.events.map((e) => e.id)).toContain("ferry-outbox-1");
    await fetch(`${stub.url}/_stub/events`, { method: "DELETE" });
    expect(stub.events()).toEqual([]);
  });

  test("answers function registration and refuses what Inngest would not serve", async () => {
    expect((await fetch(`${stub.url}/fn/register`, { method: "PUT", body: "{}" })).status).toBe(200);
    expect((await fetch(`${stub.url}/v1/unknown`)).status).toBe(404);
    expect((await fetch(`${stub.url}/e/key`, { method: "POST", body: "{oops" })).status).toBe(400);
  });
});
