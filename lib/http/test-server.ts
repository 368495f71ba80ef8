import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ExternalApiError } from "./external-api-error";

/**
 * A tiny real HTTP server on 127.0.0.1 for tests of outbound clients: each test answers with a
 * handler of its own, and every request is recorded. Used only by tests, so that clients are
 * exercised over real sockets instead of a mocked fetch.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type TestHandler = (req: RecordedRequest, res: ServerResponse, socket: Socket) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  handle(handler: TestHandler): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export async function startTestServer(initial?: TestHandler): Promise<TestServer> {
  let handler: TestHandler = initial ?? ((_req, res) => json(res, 404, { message: "no handler" }));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, req.socket)).catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { message: String(err) });
      });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on which nothing listens (a port that was just freed). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The ExternalApiError a call fails with; fails the test if it succeeds or throws anything else. */
export async function externalApiFailure(promise: Promise<unknown>): Promise<ExternalApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ExternalApiError) return err;
    throw err;
  }
  throw new Error("expected the call to fail with an ExternalApiError");
}
