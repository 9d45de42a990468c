/** Reads an evaluated node the way an experienced practitioner would, and names what is wrong. Pure. */
import type { TrainingConfig } from "../../contract/job-protocol.ts";

export type Finding =
  "untrained" | "underfitting" | "overfitting" | "format_errors" | "label_confusion" | "plateau" | "healthy";

export interface NodeOutcome {
  score: number | null;
  config: TrainingConfig;
  trainRows: number | null;
  finalLoss: number | null;
  errorGroups: Record<string, number>;
  parentScore: number | null;
}

export interface Diagnosis {
  findings: Finding[];
  summary: string;
}

const FORMAT_ERROR = /format|invalid|malformed|parse|empty/i;

export function diagnose(o: NodeOutcome): Diagnosis {
  const findings: Finding[] = [];
  const notes: string[] = [];
  if (o.config.steps === 0) {
    findings.push("untrained");
    notes.push("the base checkpoint has not been trained on this task yet");
  }
  const totalErrors = Object.values(o.errorGroups).reduce((a, b) => a + b, 0);
  const formatErrors = Object.entries(o.errorGroups)
    .filter(([k]) => FORMAT_ERROR.test(k))
    .reduce((a, [, v]) => a + v, 0);
  if (totalErrors > 0 && formatErrors / totalErrors >= 0.3) {
    findings.push("format_errors");
    notes.push(`${Math.round((100 * formatErrors) / totalErrors)}% of validation errors are format errors`);
  } else if (totalErrors > 0) {
    findings.push("label_confusion");
    notes.push("most validation errors are wrong answers in the right format");
  }
  if (o.config.steps > 0 && o.finalLoss !== null) {
    if (o.finalLoss > 0.6) {
      findings.push("underfitting");
      notes.push(`training loss is still ${o.finalLoss.toFixed(2)}`);
    } else if (o.finalLoss < 0.08 && (o.score ?? 0) < 0.9) {
      findings.push("overfitting");
      notes.push(`training loss ${o.finalLoss.toFixed(3)} is near zero while validation lags`);
    }
  }
  if (o.parentScore !== null && o.score !== null && Math.abs(o.score - o.parentScore) < 0.01 && o.config.steps > 0) {
    findings.push("plateau");
    notes.push("the score barely moved from the parent");
  }
  if (findings.length === 0) findings.push("healthy");
  return {
    findings,
    summary: notes.length > 0 ? notes.join("; ") : "no obvious problem; refine around this configuration",
  };
}
