/** Errors services (and the agents they call) throw; only routers turn them into TRPCError. Pure. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}
/** The request is valid but the current state forbids it (editing a node that already ran). */
export class ConflictError extends Error {
  override name = "ConflictError";
}
export class InvalidInputError extends Error {
  override name = "InvalidInputError";
}
/** The caller may read the resource, but not this part of it yet (test scores before the exploration ends). */
export class SealedError extends Error {
  override name = "SealedError";
}
