/** A refused input, said in sentences: the field, then what is wrong with it (never a dump of validator issues). */
import type { ZodError } from "zod";

type Issue = ZodError["issues"][number];

function fieldOf(issue: Issue): string {
  return issue.path.length ? issue.path.map(String).join(".") : "";
}

function sentenceOf(issue: Issue): string {
  const field = fieldOf(issue);
  if (issue.code === "unrecognized_keys") {
    const where = field ? ` in ${field}` : "";
    const names = issue.keys.map((k) => `"${k}"`).join(", ");
    return `${issue.keys.length === 1 ? "Unknown field" : "Unknown fields"} ${names}${where}: this call does not take ${issue.keys.length === 1 ? "it" : "them"}`;
  }
  // zod leaves the input out of its issues; its own message says what it received
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message))
    return field ? `${field} is required` : "An input is required";
  if (ZOD_DEFAULT.test(issue.message)) {
    const rule = ruleOf(issue);
    if (rule) return `${field || "The input"} ${rule}`;
  }
  return field ? `${field}: ${issue.message}` : issue.message;
}

/** zod's own wording ("Too small: expected number to be >0"); a message the schema wrote itself is kept as it is */
const ZOD_DEFAULT = /^(Too small|Too big|Invalid input|Invalid option): |^Invalid [a-z0-9 ]+$/i;
const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? "" : "s"}`;

/** What the value must be, as the end of a sentence that starts with the field's name. */
function ruleOf(issue: Issue): string | null {
  switch (issue.code) {
    case "too_small": {
      const n = issue.minimum;
      if (issue.origin === "string")
        return Number(n) <= 1 ? "must not be empty" : `must be at least ${plural(n, "character")} long`;
      if (issue.origin === "array" || issue.origin === "set") return `needs at least ${plural(n, "item")}`;
      return `must be ${issue.inclusive ? "at least" : "greater than"} ${n}`;
    }
    case "too_big": {
      const n = issue.maximum;
      if (issue.origin === "string") return `must be at most ${plural(n, "character")} long`;
      if (issue.origin === "array" || issue.origin === "set") return `takes at most ${plural(n, "item")}`;
      return `must be ${issue.inclusive ? "at most" : "less than"} ${n}`;
    }
    case "invalid_type":
      if (issue.expected === "int") return "must be a whole number";
      return `must be ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return `must be a valid ${issue.format === "email" ? "e-mail address" : issue.format === "datetime" ? "date and time (ISO 8601)" : issue.format}`;
    default:
      return null;
  }
}

export function describeInputError(error: ZodError): string {
  const sentences = [...new Set(error.issues.map(sentenceOf))];
  return `${sentences.join(". ")}.`.replace(/\.\.$/, ".");
}
