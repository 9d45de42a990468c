import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { HOSTILE, HOSTILE_MARKER as marker } from "../../testing/hostile-values.ts";
import { shellCommand, shellQuote, withEnv } from "./shell-quote.ts";

/** what `sh -c <command>` receives as its arguments, one per NUL-terminated record */
function argvSeenBy(shell: string, words: readonly string[]): string[] {
  const out = execFileSync(shell, ["-c", `printf '%s\\0' ${words.map(shellQuote).join(" ")}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("shell quoting", () => {
  for (const shell of ["/bin/sh", "/bin/bash"]) {
    it(`hands every hostile value to ${shell} as exactly one word of data`, () => {
      expect(argvSeenBy(shell, HOSTILE)).toEqual(HOSTILE);
      expect(fs.existsSync(marker)).toBe(false);
    });
  }

  it("runs argv through a shell unchanged, environment included", () => {
    const command = shellCommand(
      withEnv({ TREX_VALUE: "$(touch x); 'q' \"d\"\nnext" }, [
        "sh",
        "-c",
        'printf "%s|%s" "$TREX_VALUE" "$1"',
        "sh",
        "a b;c",
      ]),
    );
    expect(execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" })).toBe("$(touch x); 'q' \"d\"\nnext|a b;c");
  });

  it("leaves plain words readable and refuses what cannot be passed", () => {
    expect(shellQuote("/usr/bin/python3")).toBe("/usr/bin/python3");
    expect(shellQuote("x=1")).toBe("'x=1'");
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
    expect(() => withEnv({ "BAD NAME": "x" }, ["true"])).toThrow(/invalid environment variable name/);
    expect(() => shellCommand([])).toThrow(/empty command/);
  });
});
