/**
 * The worker's rules for recipe values, applied at the API too, so a job is not spent to find them broken:
 * a load source is `task:train`, `task:validation` or a relative path that stays inside the job folder
 * (worker/trex_worker/recipe/load.py, protocol.py `inside`); a template is a Python format string whose only
 * field is {input} (worker/trex_worker/recipe/template.py).
 */
import { hasHiddenCharacters } from "./hidden-characters.ts";

/** Why a load source is refused, or null. */
export function loadSourceProblem(source: string): string | null {
  if (hasHiddenCharacters(source))
    return "a load source may not contain NUL bytes or bidirectional override characters";
  if (source.startsWith("task:")) {
    const split = source.slice(5);
    if (split === "test") return "task:test would leak the evaluation data: the test split never reaches training";
    return split === "train" || split === "validation"
      ? null
      : `unknown task split "${split}": load task:train or task:validation`;
  }
  if (source.startsWith("/")) return `${source} is outside the job folder: a load source is a relative path inside it`;
  let depth = 0;
  for (const part of source.split("/")) {
    if (part === "..") depth--;
    else if (part !== "." && part !== "") depth++;
    if (depth < 0) return `${source} is outside the job folder: a load source may not climb out of it with ..`;
  }
  return depth > 0 ? null : "a load source names a file inside the job folder";
}

const STRING_SPEC = /^(.?[<>^])?\d*(\.\d+)?s?$/;

/** Why a template is refused, or null. Python's str.format grammar: {{ and }} are braces, {field!conv:spec} a field. */
export function templateProblem(template: string): string | null {
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === "}") {
      if (template[i + 1] === "}") {
        i++;
        continue;
      }
      return "a single } in a template must be written }}";
    }
    if (c !== "{") continue;
    if (template[i + 1] === "{") {
      i++;
      continue;
    }
    const end = template.indexOf("}", i);
    if (end < 0) return "a { in a template opens a field that never closes (write {{ for a brace)";
    const field = template.slice(i + 1, end);
    if (field.includes("{")) return "a template field may not nest another field";
    const [nameAndConversion = "", spec] = field.split(/:(.*)/s, 2);
    const [name, conversion] = nameAndConversion.split("!", 2);
    if (name !== "input") return `a template may only use {input}, not {${field}}`;
    if (conversion !== undefined && !["r", "s", "a"].includes(conversion))
      return `{${field}}: the conversion after ! is r, s or a`;
    if (spec !== undefined && !STRING_SPEC.test(spec)) return `{${field}}: "${spec}" is not a format for text`;
    i = end;
  }
  return null;
}

/** Why a code step's source is refused before it reaches the worker, or null: it must define transform(row). */
export function pythonCodeProblem(code: string): string | null {
  if (hasHiddenCharacters(code)) return "a code step may not contain NUL bytes or bidirectional override characters";
  return /^def transform\(/m.test(code) ? null : "a code step defines a top-level function transform(row)";
}
