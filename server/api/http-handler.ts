/** The tRPC HTTP endpoint: request size limit and the CSRF check in front of the router. */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "../env.ts";
import { readBodyWithin, withBody } from "../security/body-limit.ts";
import { hasBearerToken, isSameOriginRequest } from "../security/csrf.ts";
import { appRouter } from "./root.ts";
import { createContext } from "./trpc.ts";

export const MAX_REQUEST_BYTES = 1024 * 1024;

function refuse(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}

export async function handleTrpcRequest(req: Request): Promise<Response> {
  if (req.method === "POST") {
    if (!hasBearerToken(req.headers) && !isSameOriginRequest(req.headers, env.TREX_PUBLIC_URL))
      return refuse(403, "cross-site request refused");
    // the declared length can lie or be absent (chunked): read at most the limit, as it streams
    const body = await readBodyWithin(req, MAX_REQUEST_BYTES);
    if (!body) return refuse(413, "request too large");
    req = withBody(req, body);
  }
  if (new URL(req.url).search.length > 16 * 1024) return refuse(414, "request URI too long");
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext });
}
