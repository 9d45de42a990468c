/** A code step against its parent's: line diff rows (jsdiff) and Python highlighted as HTML (highlight.js). Pure. */
import { diffLines } from "diff";
import hljs from "highlight.js/lib/core";
import python from "highlight.js/lib/languages/python";

hljs.registerLanguage("python", python);

export interface DiffRow {
  kind: "added" | "removed" | "same";
  text: string;
}

/** The lines of `after` against `before`, each marked added, removed or the same. */
export function codeDiffRows(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const part of diffLines(before, after)) {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    for (const line of part.value.replace(/\n$/, "").split("\n")) rows.push({ kind, text: line });
  }
  return rows;
}

/** The code as highlighted HTML: highlight.js escapes the source, so the markup is its own spans only. */
export const highlightPython = (code: string): string => hljs.highlight(code, { language: "python" }).value;
