import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { encodeRequest, openLoop, ResponseParser } from "./open-loop";

describe("ResponseParser", () => {
  it("frames Content-Length responses split anywhere and pipelined back to back", () => {
    const wire = Buffer.from(
      "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\":\"a1\"}" +
        "HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}",
    );
    for (let cut = 1; cut < wire.length; cut++) {
      const p = new ResponseParser();
      const got = [...p.push(wire.subarray(0, cut)), ...p.push(wire.subarray(cut))];
      expect(got).toEqual([
        { status: 201, body: '{"id":"a1"}' },
        { status: 400, body: "{}" },
      ]);
    }
  });

  it("frames chunked bodies, multi-byte text and bodiless statuses", () => {
    const p = new ResponseParser();
    const body = Buffer.from('{"name":"Zoë"}');
    const wire = Buffer.concat([
      Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
      Buffer.from(`5\r\n`),
      body.subarray(0, 5),
      Buffer.from(`\r\n${(body.length - 5).toString(16)}\r\n`),
      body.subarray(5),
      Buffer.from("\r\n0\r\n\r\n"),
      Buffer.from("HTTP/1.1 204 No Content\r\n\r\n"),
    ]);
    const got = [...p.push(wire.subarray(0, 40)), ...p.push(wire.subarray(40, 61)), ...p.push(wire.subarray(61))];
    expect(got).toEqual([
      { status: 200, body: '{"name":"Zoë"}' },
      { status: 204, body: "" },
    ]);
  });

  it("refuses what is not an HTTP response", () => {
    expect(() => new ResponseParser().push(Buffer.from("SSH-2.0-OpenSSH\r\n\r\n"))).toThrow(/not an HTTP response/);
  });
});

describe("encodeRequest", () => {
  it("writes one HTTP/1.1 request with the byte length of a multi-byte body", () => {
    const bytes = encodeRequest("127.0.0.1:3000", { method: "POST", path: "/api/v1/requests", headers: { authorization: "Bearer t" }, body: '{"t":"é"}' });
    const text = bytes.toString();
    expect(text.startsWith("POST /api/v1/requests HTTP/1.1\r\nhost: 127.0.0.1:3000\r\n")).toBe(true);
    expect(text).toContain("content-length: 10\r\n");
    expect(text).toContain("authorization: Bearer t\r\n");
    expect(text.endsWith('\r\n\r\n{"t":"é"}')).toBe(true);
  });
});

describe("openLoop", () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<string>((resolve) => {
      server = createServer(handler);
      server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`));
    });

  it("offers exactly rate × duration requests, each body once, and reports every answer", async () => {
    const seen: string[] = [];
    const url = await listen((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => {
        seen.push(body);
        const n = Number(JSON.parse(body).n);
        // Alternate Content-Length and chunked answers, and a 4xx now and then.
        if (n % 5 === 0) res.writeHead(422, { "content-type": "application/json" }).end(JSON.stringify({ n }));
        else if (n % 2 === 0) res.writeHead(201, { "content-length": String(JSON.stringify({ n }).length) }).end(JSON.stringify({ n }));
        else {
          res.writeHead(201);
          res.write('{"n":');
          res.end(`${n}}`);
        }
      });
    });
    const answered: { status: number; n: number }[] = [];
    const r = await openLoop({
      url,
      connections: 4,
      durationS: 0.5,
      rate: 200,
      request: (n) => ({ method: "POST", path: "/x", headers: { "content-type": "application/json" }, body: JSON.stringify({ n }) }),
      onResponse: (res, n) => {
        expect(JSON.parse(res.body)).toEqual({ n });
        answered.push({ status: res.status, n });
      },
    });
    expect(r.offered).toBe(100);
    expect(r.errors + r.timeouts).toBe(0);
    expect(answered).toHaveLength(100);
    expect(new Set(answered.map((a) => a.n)).size).toBe(100);
    expect(answered.filter((a) => a.status === 422)).toHaveLength(20);
    expect(seen.sort()).toEqual(Array.from({ length: 100 }, (_, n) => JSON.stringify({ n })).sort());
    expect(r.series).toHaveLength(100);
    expect(r.series.every(([due, latency]) => due >= 0 && due < 500 && latency >= 0)).toBe(true);
  });

  it("counts a dropped connection as an error and carries on with a new one", async () => {
    let calls = 0;
    const url = await listen((req, res) => {
      req.resume();
      req.on("end", () => {
        if (++calls === 3) req.socket.destroy();
        else res.writeHead(201, { "content-length": "2" }).end("{}");
      });
    });
    const r = await openLoop({
      url,
      connections: 1,
      durationS: 0.2,
      rate: 50,
      request: () => ({ method: "POST", path: "/x", headers: {}, body: "{}" }),
      onResponse: () => {},
    });
    expect(r.offered).toBe(10);
    expect(r.errors).toBe(1);
    expect(r.series).toHaveLength(9);
  });
});
