import type { IncomingMessage, ServerResponse } from "node:http";
import { SandboxHttpError, badRequest } from "./errors";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Reads a JSON body; an empty body is `undefined`. */
export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !failed) {
        failed = true;
        reject(new SandboxHttpError(413, { message: "Request body too large" }));
      }
      if (!failed) chunks.push(chunk);
    });
    req.on("error", (error) => {
      if (!failed) reject(error);
    });
    req.on("end", () => {
      if (failed) return;
      const text = size === 0 ? "" : (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString("utf8");
      if (text.trim() === "") return resolve(undefined);
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(badRequest("Request body is not valid JSON"));
      }
    });
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(payload),
  });
  res.end(payload);
}
