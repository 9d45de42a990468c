import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next-path.ts";

const origin = "http://localhost:3000";

describe("the sign-in next path", () => {
  it("keeps a path on this origin, with its query and fragment", () => {
    expect(safeNextPath("/explorations/abc?tab=tree#n3", origin)).toBe("/explorations/abc?tab=tree#n3");
    expect(safeNextPath("/", origin)).toBe("/");
  });

  it("sends everything that leaves the origin home", () => {
    for (const next of [
      "/\\evil.example/x",
      "//evil.example/x",
      "/\t/evil.example",
      "/\\/evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
    ]) {
      expect(safeNextPath(next, origin), String(next)).toBe("/");
    }
  });

  it("treats an encoded backslash as part of a path here, not as a host", () => {
    // URLSearchParams has already decoded ?next=/%5Cevil.example/x into "/\evil.example/x" (refused above);
    // a doubly encoded one stays a harmless local path
    expect(safeNextPath("/%5Cevil.example/x", origin)).toBe("/%5Cevil.example/x");
  });
});
