import { expect, test } from "@playwright/test";
import type { RecordedEvent } from "../scripts/inngest-stub.mjs";
import { signIn } from "./helpers/auth";
import { apiTokenFor, db, eventually } from "./helpers/db";
import { e2eSettings } from "./helpers/settings";

/**
 * The whole path once, in a production build: sign in as the demo owner and see the seeded
 * requests; create a request through the public API and see it in the table; its outbox event is
 * delivered to Inngest (here the loopback stub).
 */
const settings = e2eSettings();

test("the demo owner signs in and sees the seeded requests", async ({ page }) => {
  const newest = await db().request.findFirstOrThrow({
    where: { workspace: { slug: "demo" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { title: true, number: true },
  });
  await signIn(page);
  await page.goto("/w/demo/requests");
  await expect(page.getByRole("table")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: newest.title }).first()).toBeVisible();
});

test("a request posted to the public API shows in the table and its event reaches Inngest", async ({ page, request }) => {
  const token = await apiTokenFor("demo");
  const title = `Smoke test ${Date.now()}: export button does nothing`;
  const res = await request.post("/api/v1/requests", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      channel: "slack",
      title,
      messageText: "Clicking Export on the requests page does nothing since this morning.",
      urgency: "high",
      requestor: { name: "Kim Lindqvist", email: "kim@northwind.example", company: "Northwind Retail" },
      customFields: { product: "Analytics" },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const created = (await res.json()) as { id: string; number: number };

  await signIn(page);
  await page.goto("/w/demo/requests");
  await expect(page.getByRole("row").filter({ hasText: title })).toBeVisible();

  // The outbox row written with the request is delivered (after-commit kick or the start-up/interval relay).
  const event = await eventually(() =>
    db().outboxEvent.findFirst({
      where: { aggregateType: "request", aggregateId: created.id, name: "ferry/request.created", deliveredAt: { not: null } },
    }),
  );
  const stub = (await (await fetch(`${settings.stubUrl}/_stub/events`)).json()) as { events: RecordedEvent[] };
  expect(stub.events.find((e) => e.id === `ferry-outbox-${event.id}`)).toMatchObject({
    name: "ferry/request.created",
    data: { requestId: created.id, number: created.number },
  });
});
