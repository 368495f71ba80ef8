import type { IncomingMessage, ServerResponse } from "node:http";
import { SandboxHttpError, badRequest } from "./errors";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Reads the raw body as UTF-8 text; past 5 MB it rejects with a 413 `SandboxHttpError`. */
export function readTextBody(req: IncomingMessage): Promise<string> {
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
      resolve(size === 0 ? "" : (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString("utf8"));
    });
  });
}

/** Reads a JSON body; an empty body is `undefined`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readTextBody(req);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest("Request body is not valid JSON");
  }
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
