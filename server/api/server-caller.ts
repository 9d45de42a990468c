/** Server components call the routers in-process, as the reader of the request whose headers they pass. */
import { TRPCError } from "@trpc/server";
import { principalFromHeaders } from "../auth/principal.ts";
import { getDb } from "../db.ts";
import { createCaller } from "./root.ts";

export async function callerFor(headers: Headers) {
  const db = getDb();
  return createCaller({ db, principal: await principalFromHeaders(db, headers) });
}

/** The answer, or null where the reader gets "not found" (missing, another workspace's, or not an id at all). */
export async function orNotFound<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) return null;
    throw e;
  }
}
