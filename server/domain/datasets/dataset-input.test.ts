import { describe, expect, it } from "vitest";
import { parseSplitText, recordPair } from "./dataset-file.ts";
import { checkDataset, datasetMetaSchema, labelsFromText, type SplitUpload } from "./dataset-input.ts";

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");
const reviews = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => ({
    input: `review number ${i + offset} was ${i % 2 ? "great" : "awful"}`,
    output: i % 2 ? "pos" : "neg",
  }));
const upload = (split: SplitUpload["split"], fileName: string, text: string): SplitUpload => ({
  split,
  fileName,
  bytes: text.length,
  parsed: parseSplitText(fileName, text),
});

describe("reading a split like the worker does", () => {
  it("takes the first alias pair present, numbers and label lists as answers", () => {
    expect(recordPair({ prompt: "2+2", completion: 4 })).toEqual({
      pair: { input: "2+2", output: "4" },
      fields: "prompt/completion",
    });
    expect(recordPair({ text: "abstract", label: ["a", "b"] })).toEqual({
      pair: { input: "abstract", output: "a,b" },
      fields: "text/label",
    });
    expect(recordPair({ question: "q", answer: "" })).toEqual({ reason: '"answer" is empty or not text' });
    expect(recordPair({ foo: 1, bar: 2 })).toEqual({ reason: "no input/output fields (has: foo, bar)" });
    expect(recordPair([1, 2])).toEqual({ reason: "not a JSON object" });
  });

  it("JSONL: counts broken lines with their line numbers and keeps the rest", () => {
    const p = parseSplitText("train.jsonl", `${jsonl(reviews(3))}\n{not json\n\n{"a": 1}\n`);
    expect(p.pairs).toHaveLength(3);
    expect(p.skippedCount).toBe(2);
    expect(p.skipped).toEqual([
      { line: 4, reason: "not valid JSON" },
      { line: 6, reason: "no input/output fields (has: a)" },
    ]);
    expect(p.fields).toBe("input/output");
    expect(p.columns).toEqual(["input", "output"]);
  });

  it("CSV: quoted commas, quotes and newlines survive; the header names the fields", () => {
    const p = parseSplitText("test.CSV", 'text,label\n"good, really ""good""",pos\n"two\nlines",neg\n,neg\n');
    expect(p.format).toBe("csv");
    expect(p.pairs).toEqual([
      { input: 'good, really "good"', output: "pos" },
      { input: "two\nlines", output: "neg" },
    ]);
    expect(p.skippedCount).toBe(1);
    expect(p.columns).toEqual(["text", "label"]);
  });

  it("a byte-order mark does not become part of the first column's name", () => {
    expect(parseSplitText("t.csv", "\uFEFFtext,label\nfine,pos\n").columns).toEqual(["text", "label"]);
  });

  it("refuses other file types", () => {
    expect(() => parseSplitText("data.parquet", "")).toThrow(/only .jsonl and .csv/);
  });
});

describe("checking a dataset", () => {
  it("a good dataset: no errors, rows per split, carved splits, inferred labels and a metric suggestion", () => {
    const { summary, errors } = checkDataset([upload("train", "t.jsonl", jsonl(reviews(40)))], {
      metric: "accuracy",
      labels: [],
    });
    expect(errors).toEqual({});
    expect(summary.rows).toEqual({ train: 40 });
    expect(summary.carved).toEqual(["validation", "test"]);
    expect(summary.inferredLabels).toEqual(["neg", "pos"]);
    expect(summary.suggestedMetric).toBe("accuracy");
    expect(summary.samples).toHaveLength(5);
  });

  it("errors name the field: missing train, too few rows to carve, unusable files", () => {
    expect(
      checkDataset([upload("test", "t.jsonl", jsonl(reviews(5)))], { metric: "accuracy", labels: [] }).errors[
        "files.train"
      ],
    ).toMatch(/Add a training file/);
    expect(
      checkDataset([upload("train", "t.jsonl", jsonl(reviews(15)))], { metric: "accuracy", labels: [] }).errors[
        "files.train"
      ],
    ).toMatch(/15 distinct inputs: too few to carve validation and test/);
    const bad = checkDataset(
      [upload("train", "t.jsonl", jsonl(reviews(30))), upload("validation", "v.jsonl", '{"a":1}\n')],
      { metric: "accuracy", labels: [] },
    );
    expect(bad.errors["files.validation"]).toMatch(/v.jsonl: no usable rows \(line 1: no input\/output fields/);
    expect(
      checkDataset([upload("train", "t.jsonl", jsonl(reviews(6)))], { metric: "accuracy", labels: [] }).errors[
        "files.train"
      ],
    ).toMatch(/6 usable rows; at least 10/);
  });

  it("the metric and labels must fit the answers", () => {
    const train = upload("train", "t.jsonl", jsonl(reviews(40)));
    expect(checkDataset([train], { metric: "numeric", labels: [] }).errors.metric).toMatch(
      /"numeric" scores numbers, but an answer is "(neg|pos)"/,
    );
    expect(checkDataset([train], { metric: "accuracy", labels: ["pos"] }).errors.labels).toMatch(
      /not in the labels: "neg"/,
    );
    expect(checkDataset([train], { metric: "rouge1", labels: ["pos"] }).errors.labels).toMatch(/not rouge1/);
    expect(checkDataset([train], { metric: "accuracy", labels: ["pos", "neg"] }).errors).toEqual({});
  });

  it("warns (without blocking) about skipped lines and test inputs that leak from train", () => {
    const { errors, summary } = checkDataset(
      [upload("train", "t.jsonl", `${jsonl(reviews(30))}\nbroken`), upload("test", "x.jsonl", jsonl(reviews(4)))],
      { metric: "accuracy", labels: [] },
    );
    expect(errors).toEqual({});
    expect(summary.warnings.join("\n")).toMatch(/t.jsonl: 1 of 31 lines have no usable pair/);
    expect(summary.warnings.join("\n")).toMatch(/4 of 4 test rows have an input that is also in train/);
    expect(summary.carved).toEqual(["validation"]);
  });

  it("suggests numeric, macro-F1 and ROUGE-1 from the answers", () => {
    const numbers = Array.from({ length: 30 }, (_, i) => ({ input: `q${i}`, output: `${i * 1.5}` }));
    const multi = Array.from({ length: 30 }, (_, i) => ({ input: `a${i}`, output: i % 3 ? "x,y" : "z" }));
    const prose = Array.from({ length: 80 }, (_, i) => ({
      input: `d${i}`,
      output: `the note number ${i} says the patient is well`,
    }));
    const suggest = (rows: object[]) =>
      checkDataset([upload("train", "t.jsonl", jsonl(rows))], { metric: "accuracy", labels: [] }).summary
        .suggestedMetric;
    expect(suggest(numbers)).toBe("numeric");
    expect(suggest(multi)).toBe("macro_f1");
    expect(suggest(prose)).toBe("rouge1");
  });

  it("the form's meta: field messages and comma-separated labels", () => {
    const r = datasetMetaSchema.safeParse({ name: " ", metric: "bleu", labels: labelsFromText("a, b,,c") });
    expect(r.success).toBe(false);
    const issues = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(issues).toEqual({ name: "Name the dataset", metric: "Choose how answers are scored" });
    expect(labelsFromText("a, b,,c")).toEqual(["a", "b", "c"]);
  });
});
