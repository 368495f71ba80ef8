import { describe, expect, it } from "vitest";
import { readJsonBody } from "./read-json-body";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/v1/requests", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readJsonBody", () => {
  it("parses a JSON body", async () => {
    expect(await readJsonBody(post('{"title":"Export fails","n":[1,2]}'))).toEqual({ ok: true, value: { title: "Export fails", n: [1, 2] } });
  });

  it("refuses malformed and empty bodies with 400", async () => {
    const bad = await readJsonBody(post('{"title": "Export fails",'));
    expect(bad).toMatchObject({ ok: false, status: 400, code: "invalid_json" });
    expect(await readJsonBody(post(""))).toMatchObject({ ok: false, status: 400, code: "invalid_json" });
    expect(await readJsonBody(post(null))).toMatchObject({ ok: false, status: 400 });
  });

  it("refuses a body over the limit with 413, declared or streamed", async () => {
    const big = JSON.stringify({ text: "x".repeat(2000) });
    expect(await readJsonBody(post(big), 1000)).toMatchObject({ ok: false, status: 413, code: "payload_too_large" });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(200)));
        controller.close();
      },
    });
    expect(await readJsonBody(post(stream), 1000)).toMatchObject({ ok: false, status: 413 });
    expect(await readJsonBody(post(big), 5000)).toMatchObject({ ok: true });
  });

  it("reads a body with a declared Content-Length whole (as HTTP framing delivers it), and refuses an over-limit declaration unread", async () => {
    const body = JSON.stringify({ title: "Größe: Ä€😀", n: 1 });
    const length = String(Buffer.byteLength(body));
    expect(await readJsonBody(post(body, { "content-length": length }))).toEqual({ ok: true, value: { title: "Größe: Ä€😀", n: 1 } });
    const unread = post(body, { "content-length": "5000" });
    expect(await readJsonBody(unread, 1000)).toMatchObject({ ok: false, status: 413 });
    expect(unread.bodyUsed).toBe(false);
  });
});
