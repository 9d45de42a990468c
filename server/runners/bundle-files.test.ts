import { describe, expect, it } from "vitest";
import { HOSTILE } from "../testing/hostile-values.ts";
import { bundleFolders, bundlePathSegments, checkBundleFiles } from "./bundle-files.ts";
import { type BundleFile } from "./types.ts";
import { RunnerError } from "./errors.ts";

const file = (path: string, data = "x"): BundleFile => ({ path, data: Buffer.from(data) });

function refusal(files: readonly BundleFile[]): unknown {
  try {
    checkBundleFiles(files);
  } catch (e) {
    return e;
  }
  return null;
}

describe("bundle files", () => {
  it("accepts plain relative paths of one to three segments", () => {
    const ok = [
      "train.jsonl",
      "dataset/train.jsonl",
      "dataset/v2/test.csv",
      "data.set/Train_1-b.CSV",
      "a/b..c/d",
      `${"a".repeat(100)}/x`,
    ];
    expect(() => checkBundleFiles(ok.map((p) => file(p)))).not.toThrow();
    expect(bundlePathSegments("dataset/v2/test.csv")).toEqual(["dataset", "v2", "test.csv"]);
    expect(() => checkBundleFiles([])).not.toThrow();
  });

  it.each([
    ["../escape.jsonl", /"\.\." segments are not allowed/],
    ["dataset/../../etc/passwd", /at most 3 path segments|"\.\." segments/],
    ["dataset/../job.json", /"\.\." segments are not allowed/],
    ["./train.jsonl", /"\." segments are not allowed/],
    ["/etc/passwd", /absolute paths are not allowed/],
    ["//x", /absolute paths/],
    ["", /empty path/],
    ["dataset//train.jsonl", /empty path segment/],
    ["dataset/", /empty path segment/],
    ["a/b/c/d.jsonl", /at most 3 path segments/],
    [".hidden", /must start with a letter or digit/],
    ["-rf", /must start with a letter or digit/],
    ["data set/train.jsonl", /must start with a letter or digit and use only/],
    ["dataset\\..\\x", /must start with a letter or digit and use only/],
    ["C:/x", /must start with a letter or digit and use only/],
    ["~/x", /must start with a letter or digit/],
    ["dataset/tr\0ain", /use only letters/],
    ["dataset/train\n.jsonl", /use only letters/],
    ["ünïcødé/train.jsonl", /use only letters/],
    [`${"a".repeat(101)}`, /at most 100 characters/],
    ["job.json", /belongs to the runner or the worker/],
    ["JOB.JSON", /belongs to the runner or the worker/],
    ["events.jsonl", /belongs to the runner/],
    ["result.json", /belongs to the runner/],
    ["worker.log", /belongs to the runner/],
    ["job.sbatch", /belongs to the runner/],
    ["pid", /belongs to the runner/],
    ["checkpoint/config.json", /belongs to the runner/],
  ])("refuses %j", (p, why) => {
    const e = refusal([file("dataset/ok.jsonl"), file(p)]);
    expect(e).toBeInstanceOf(RunnerError);
    expect((e as Error).message).toMatch(/^bundle file .* refused: /);
    expect((e as Error).message).toMatch(why);
  });

  it("allows the reserved names below the top level", () => {
    expect(() => checkBundleFiles([file("dataset/job.json"), file("dataset/result.json")])).not.toThrow();
  });

  it("refuses every value a shell would act on", () => {
    for (const v of HOSTILE) {
      if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(v)) continue;
      expect(refusal([file(v)]), JSON.stringify(v)).toBeInstanceOf(RunnerError);
      expect(refusal([file(`dataset/${v}`)]), JSON.stringify(v)).toBeInstanceOf(RunnerError);
    }
  });

  it("refuses duplicates, case twins and a file that another path needs as a folder", () => {
    expect(String(refusal([file("d/train.jsonl"), file("d/train.jsonl")]))).toMatch(/listed twice/);
    expect(String(refusal([file("d/train.jsonl"), file("D/Train.jsonl")]))).toMatch(
      /same file as "d\/train\.jsonl" on a case-insensitive filesystem/,
    );
    expect(String(refusal([file("dataset"), file("dataset/train.jsonl")]))).toMatch(
      /"dataset" refused: it is a file, but "dataset\/train\.jsonl" needs it to be a folder/,
    );
    expect(String(refusal([file("a/b/c.csv"), file("a/b")]))).toMatch(/"a\/b" refused: it is a file/);
  });

  it("takes a sha256 only as 64 lowercase hex digits (it names a file in the host's cache)", () => {
    const ok = { ...file("dataset/train.jsonl"), sha256: "a".repeat(64) };
    expect(() => checkBundleFiles([ok])).not.toThrow();
    for (const sha256 of ["A".repeat(64), "a".repeat(63), `../${"a".repeat(61)}`, `${"a".repeat(60)}$(x)`]) {
      expect(refusal([{ ...ok, sha256 }])).toBeInstanceOf(RunnerError);
    }
  });

  it("refuses data that is not a Buffer", () => {
    expect(String(refusal([{ path: "d/x.csv", data: "text" as unknown as Buffer }]))).toMatch(/not a Buffer/);
  });

  it("lists the folders to create", () => {
    expect(bundleFolders([file("top.csv"), file("d/v/test.csv"), file("d/train.jsonl"), file("d/v/val.csv")])).toEqual([
      "d",
      "d/v",
    ]);
  });
});
