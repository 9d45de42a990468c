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
  if (issue.code === "invalid_type" && issue.input === undefined)
    return field ? `${field} is required` : "An input is required";
  return field ? `${field}: ${issue.message}` : issue.message;
}

export function describeInputError(error: ZodError): string {
  const sentences = [...new Set(error.issues.map(sentenceOf))];
  return `${sentences.join(". ")}.`.replace(/\.\.$/, ".");
}
