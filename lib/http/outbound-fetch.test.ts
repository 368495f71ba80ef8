import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundFetch } from "./outbound-fetch";
import { closedPortUrl, externalApiFailure, json, startTestServer, type TestServer } from "./test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const ctx = { vendor: "vitally", operation: "test.call", timeoutMs: 300 };


describe("outboundFetch", () => {
  it("returns status, headers and body of any answer", async () => {
    server.handle((req, res) => json(res, 418, { echo: req.body, method: req.method }, { "x-test": "yes" }));
    const res = await outboundFetch({ url: `${server.url}/x`, method: "POST", body: "hello" }, ctx);
    expect(res.status).toBe(418);
    expect(res.headers.get("x-test")).toBe("yes");
    expect(JSON.parse(res.bodyText)).toEqual({ echo: "hello", method: "POST" });
    expect(res.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("does not follow redirects", async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: "http://example.com/steal" });
      res.end();
    });
    const res = await outboundFetch({ url: `${server.url}/r`, method: "GET" }, ctx);
    expect(res.status).toBe(302);
    expect(server.requests.at(-1)?.url).toBe("/r");
  });

  it("times out when the server never answers", async () => {
    server.handle(() => {});
    const err = await externalApiFailure(outboundFetch({ url: `${server.url}/hang`, method: "GET" }, ctx));
    expect(err.kind).toBe("timeout");
    expect(err.message).toContain("300 ms");
  });

  it("times out when the body stalls after the headers", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"results":');
    });
    const err = await externalApiFailure(outboundFetch({ url: `${server.url}/stall`, method: "GET" }, ctx));
    expect(err.kind).toBe("timeout");
  });

  it("reports a dropped connection as a network error", async () => {
    server.handle((_req, _res, socket) => {
      socket.destroy();
    });
    const err = await externalApiFailure(outboundFetch({ url: `${server.url}/drop`, method: "GET" }, ctx));
    expect(err.kind).toBe("network");
    expect(err.networkErrorCode).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it("reports a refused connection", async () => {
    const err = await externalApiFailure(outboundFetch({ url: `${await closedPortUrl()}/`, method: "GET" }, ctx));
    expect(err.kind).toBe("network");
    expect(err.networkErrorCode).toBe("ECONNREFUSED");
    expect(err.message).toContain("refused");
  });

  it("tells a DNS failure apart", async () => {
    const err = await externalApiFailure(outboundFetch({ url: "http://ferry-test.invalid/", method: "GET" }, { ...ctx, timeoutMs: 5000 }));
    expect(err.kind).toBe("network");
    expect(["ENOTFOUND", "EAI_AGAIN"]).toContain(err.networkErrorCode);
    expect(err.message).toMatch(/host name/);
  });
});
