/** The largest request body the API accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; code: "invalid_json" | "payload_too_large"; message: string };

/**
 * Reads a JSON body with a size limit: refuses a declared Content-Length over the limit without
 * reading, and stops reading a streamed body as soon as it passes the limit.
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const tooLarge = {
    ok: false,
    status: 413,
    code: "payload_too_large",
    message: `The body is larger than ${Math.round(limit / 1024)} KB. Send less data per request.`,
  } as const;
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return tooLarge;

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body && Number.isFinite(declared) && request.headers.has("content-length")) {
    // HTTP framing bounds a declared body to its Content-Length (checked above): read it in one go.
    chunks.push(new Uint8Array(await request.arrayBuffer()));
  } else if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") {
    return { ok: false, status: 400, code: "invalid_json", message: "The body is empty. Send a JSON object." };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const detail = err instanceof SyntaxError ? `: ${err.message}` : "";
    return { ok: false, status: 400, code: "invalid_json", message: `The body is not valid JSON${detail}.` };
  }
}
