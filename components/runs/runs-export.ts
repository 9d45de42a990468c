/** Pure: the runs table as CSV (every shown column, text quoted, never cut) or JSON (whole rows). */
import Papa from "papaparse";
import type { Cell } from "./run-rows";

export interface ExportColumn<Row> {
  id: string;
  header: string;
  value: (row: Row) => Cell;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly ExportColumn<Row>[]): string {
  return Papa.unparse(
    { fields: columns.map((c) => c.header), data: rows.map((r) => columns.map((c) => c.value(r) ?? "")) },
    { quotes: false, newline: "\n" },
  );
}

export function toJson<Row>(rows: readonly Row[], columns: readonly ExportColumn<Row>[]): string {
  return `${JSON.stringify(
    rows.map((r) => Object.fromEntries(columns.map((c) => [c.id, c.value(r)]))),
    null,
    2,
  )}\n`;
}
