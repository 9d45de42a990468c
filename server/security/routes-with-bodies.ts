/**
 * Which paths read a request body at all: the tRPC, auth and dataset routes (each with its own streaming
 * limit) and socket.io's polling transport. Every other route (pages, assets) takes none, so a body sent there
 * is refused before Next.js sees it, instead of being drained (a 600 MB POST to a page used to be read whole).
 */
const BODY_ROUTES = ["/api/trpc", "/api/auth", "/api/datasets", "/socket.io"];

export function takesRequestBody(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  return BODY_ROUTES.some((r) => path === r || path.startsWith(`${r}/`));
}

/** A request that carries a body (a length above zero, or chunked). */
export function carriesBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = Number(headers["content-length"] ?? "0");
  return length > 0 || headers["transfer-encoding"] !== undefined;
}
