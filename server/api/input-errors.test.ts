import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeInputError } from "./input-errors.ts";

const schema = z.strictObject({
  learningRate: z.number().gt(0),
  title: z.string().min(3).max(10),
  name: z.string().min(1),
  method: z.enum(["lora", "full"]),
  email: z.email(),
  steps: z.number().int().max(5),
  tags: z.array(z.string()).min(1),
  reason: z.string().min(1, "Say why this subtree is pruned."),
});

const messageFor = (input: Record<string, unknown>) => {
  const r = schema.safeParse({
    learningRate: 0.1,
    title: "abcd",
    name: "n",
    method: "lora",
    email: "a@b.co",
    steps: 1,
    tags: ["x"],
    reason: "r",
    ...input,
  });
  if (r.success) throw new Error("expected a refusal");
  return describeInputError(r.error);
};

describe("a refused input, in sentences", () => {
  it.each([
    [{ learningRate: -1 }, "learningRate must be greater than 0."],
    [{ title: "ab" }, "title must be at least 3 characters long."],
    [{ title: "a".repeat(11) }, "title must be at most 10 characters long."],
    [{ name: "" }, "name must not be empty."],
    [{ method: "qlora" }, 'method must be one of "lora", "full".'],
    [{ email: "no" }, "email must be a valid e-mail address."],
    [{ steps: 2.5 }, "steps must be a whole number."],
    [{ steps: 9 }, "steps must be at most 5."],
    [{ tags: [] }, "tags needs at least 1 item."],
    [{ learningRate: "fast" }, "learningRate must be a number."],
    [{ reason: "" }, "reason: Say why this subtree is pruned."],
    [{ learningRate: undefined }, "learningRate is required."],
  ])("%j → %s", (input, sentence) => {
    expect(messageFor(input)).toBe(sentence);
  });

  it("joins several problems", () => {
    expect(messageFor({ learningRate: 0, steps: 9 })).toBe(
      "learningRate must be greater than 0. steps must be at most 5.",
    );
  });
});
