import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getRequestDetail } from "@/lib/dashboard/get-request-detail";
import { createWorkspace } from "@/tests/factories";

async function requestWithThreads(workspaceId: string, number: number) {
  const request = await db().request.create({
    data: {
      workspaceId,
      number,
      channel: "EMAIL",
      title: "Export fails",
      summary: "CSV export times out",
      messageText: "Our export fails",
      requestorName: "Ana Lima",
      requestorEmail: "ana@acme.io",
      requestorCompany: "Acme",
      customValues: { area: "Billing", labels: ["export", "csv"], gone: "kept", empty: [] },
      createdAt: new Date("2026-03-01T10:00:00.000Z"),
      updatedAt: new Date("2026-03-01T12:00:00.000Z"),
    },
  });
  const message = (thread: "CUSTOMER" | "INTERNAL", authorType: "CUSTOMER" | "TEAM", text: string, minute: number, extra = {}) => ({
    workspaceId,
    requestId: request.id,
    thread,
    authorType,
    authorName: authorType === "CUSTOMER" ? "Ana Lima" : "Sam Support",
    text,
    sentAt: new Date(Date.UTC(2026, 2, 1, 10, minute)),
    ...extra,
  });
  await db().requestMessage.createMany({
    data: [
      message("CUSTOMER", "CUSTOMER", "second", 5, { attachments: [{ name: "log.txt", url: "https://files.example.com/log.txt", size: 2048 }] }),
      message("CUSTOMER", "TEAM", "first", 1, { editedAt: new Date("2026-03-01T10:30:00.000Z") }),
      message("INTERNAL", "TEAM", "looking", 3, { deletedAt: new Date("2026-03-01T11:00:00.000Z"), attachments: "not a list" }),
    ],
  });
  return request;
}

describe("getRequestDetail", () => {
  it("returns the request with both threads in order and custom values named by their fields", async () => {
    const ws = await createWorkspace();
    await db().customField.createMany({
      data: [
        { workspaceId: ws.id, key: "area", name: "Product area", kind: "CATEGORY", type: "SELECT", allowedValues: ["Billing"] },
        { workspaceId: ws.id, key: "labels", name: "Labels", kind: "TAG", type: "MULTI_SELECT", archivedAt: new Date() },
      ],
    });
    await requestWithThreads(ws.id, 7);

    const detail = await getRequestDetail({ workspaceId: ws.id, number: 7 });

    expect(detail).toMatchObject({ number: 7, title: "Export fails", requestorCompany: "Acme", channel: "EMAIL" });
    expect(detail!.threads.CUSTOMER.map((m) => m.text)).toEqual(["first", "second"]);
    expect(detail!.threads.CUSTOMER[0].editedAt).toEqual(new Date("2026-03-01T10:30:00.000Z"));
    expect(detail!.threads.CUSTOMER[1].attachments).toEqual([{ name: "log.txt", url: "https://files.example.com/log.txt", size: 2048 }]);
    expect(detail!.threads.INTERNAL).toMatchObject([{ text: "looking", attachments: [], deletedAt: expect.any(Date) }]);
    // By name; empty values are left out; a key without a field shows as itself.
    expect(detail!.customValues).toEqual([
      { key: "gone", name: "gone", kind: null, archived: false, values: ["kept"] },
      { key: "labels", name: "Labels", kind: "TAG", archived: true, values: ["export", "csv"] },
      { key: "area", name: "Product area", kind: "CATEGORY", archived: false, values: ["Billing"] },
    ]);
  });

  it("never finds another workspace's request, even with the same number", async () => {
    const mine = await createWorkspace();
    const theirs = await createWorkspace();
    await requestWithThreads(theirs.id, 3);

    expect(await getRequestDetail({ workspaceId: mine.id, number: 3 })).toBeNull();
    expect(await getRequestDetail({ workspaceId: theirs.id, number: 3 })).not.toBeNull();
    expect(await getRequestDetail({ workspaceId: theirs.id, number: 4 })).toBeNull();
  });
});
