import { describe, expect, it } from "vitest";
import { carriesBody, takesRequestBody } from "./routes-with-bodies.ts";

describe("routes that read a request body", () => {
  it("are the tRPC, auth, dataset and socket.io routes only", () => {
    for (const url of [
      "/api/trpc/exploration.create",
      "/api/trpc/a,b?batch=1",
      "/api/auth/sign-in/email",
      "/api/datasets",
      "/socket.io/?EIO=4&transport=polling",
    ])
      expect(takesRequestBody(url), url).toBe(true);
    for (const url of [
      "/",
      "/explorations/abc",
      "/sign-in?next=/api/trpc/",
      "/api/health",
      "/api/artifacts/j1/model.pt",
      "/api/datasetsx",
      "/_next/static/x.js",
    ])
      expect(takesRequestBody(url), url).toBe(false);
  });

  it("counts a chunked body and a declared length, not an empty request", () => {
    expect(carriesBody({ "transfer-encoding": "chunked" })).toBe(true);
    expect(carriesBody({ "content-length": "12" })).toBe(true);
    expect(carriesBody({ "content-length": "0" })).toBe(false);
    expect(carriesBody({})).toBe(false);
  });
});
