/**
 * Request bodies read as they stream, up to a limit: a chunked body has no length to check up front, so the
 * limit applies to the bytes as they arrive and the rest is never read (the stream is cancelled).
 */
export async function readBodyWithin(req: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) {
    await req.body?.cancel().catch(() => undefined);
    return null;
  }
  const reader = req.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The same request with a body already read (a request's body can be read once). */
export function withBody(req: Request, body: Uint8Array): Request {
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: new Uint8Array(body),
    signal: req.signal,
  });
}
