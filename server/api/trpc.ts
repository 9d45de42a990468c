/** tRPC setup: context, error mapping from service errors, and the procedure ladder. */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { getDb, type Db } from "../db.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../services/errors.ts";

export interface Context {
  db: Db;
}

export function createContext(): Context {
  return { db: getDb() };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null;
    return { ...shape, data: { ...shape.data, zodError } };
  },
});

/** Only routers turn service errors into tRPC errors. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof NotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
    if (cause instanceof ConflictError) throw new TRPCError({ code: "CONFLICT", message: cause.message, cause });
    if (cause instanceof InvalidInputError) throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Rung 1 of the ladder. Authentication and workspace roles add rungs above it. */
export const publicProcedure = t.procedure.use(mapErrors);
