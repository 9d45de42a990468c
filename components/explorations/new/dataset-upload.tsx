"use client";

import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { fieldErrorsView } from "@/components/ui/form-field";
import { ErrorNote } from "@/components/ui/section";
import { DatasetFileError, parseSplitText, SPLITS, type Split } from "@/server/domain/datasets/dataset-file";
import {
  checkDataset,
  DATASET_METRICS,
  datasetMetaSchema,
  labelsFromText,
  MAX_DATASET_BYTES,
  METRIC_HELP,
  type DatasetMetric,
  type FieldErrors,
  type SplitUpload,
} from "@/server/domain/datasets/dataset-input";
import { DatasetPreview } from "./dataset-preview";

const SPLIT_HELP: Record<Split, string> = {
  train: "required",
  validation: "optional: else 10% of train",
  test: "optional: else 10% of train",
};

type Picked = { file: File; upload: SplitUpload | null; error: string | null };

async function readPicked(split: Split, file: File): Promise<Picked> {
  if (file.size > MAX_DATASET_BYTES)
    return {
      file,
      upload: null,
      error: `${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; the limit is ${MAX_DATASET_BYTES / 1048576} MiB`,
    };
  try {
    const parsed = parseSplitText(file.name, await file.text());
    return { file, upload: { split, fileName: file.name, bytes: file.size, parsed }, error: null };
  } catch (e) {
    return {
      file,
      upload: null,
      error: e instanceof DatasetFileError ? e.message : `cannot read ${file.name}: ${(e as Error).message}`,
    };
  }
}

/**
 * Upload a dataset: pick the split files, see them parsed and checked here exactly as the server will
 * (same parser, same checks), then upload. Returns the stored dataset's id through `onUploaded`.
 */
export function DatasetUpload({ onUploaded }: { onUploaded: (id: string) => void }) {
  const [name, setName] = useState("");
  const [metric, setMetric] = useState<DatasetMetric | "">("");
  const [labels, setLabels] = useState("");
  const [picked, setPicked] = useState<Partial<Record<Split, Picked>>>({});
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const uploads = useMemo(() => SPLITS.flatMap((s) => (picked[s]?.upload ? [picked[s].upload] : [])), [picked]);
  const checked = useMemo(
    () =>
      uploads.length > 0
        ? checkDataset(uploads, { metric: metric || "accuracy", labels: labelsFromText(labels) })
        : null,
    [uploads, metric, labels],
  );
  const meta = datasetMetaSchema.safeParse({ name, metric: metric || undefined, labels: labelsFromText(labels) });
  const errors: FieldErrors = { ...serverErrors };
  for (const s of SPLITS) {
    const e = picked[s]?.error;
    if (e) errors[`files.${s}`] = e;
  }
  if (checked)
    for (const [k, v] of Object.entries(checked.errors))
      if (k !== "files.train" || picked.train || attempted) errors[k] ??= v;
  if (attempted && !picked.train) errors["files.train"] ??= "Add a training file (.jsonl or .csv)";
  if (attempted && !meta.success) for (const i of meta.error.issues) errors[String(i.path[0])] ??= i.message;

  const pick = async (split: Split, file: File | undefined) => {
    setServerErrors({});
    if (!file) {
      setPicked((p) => ({ ...p, [split]: undefined }));
      return;
    }
    const next = await readPicked(split, file);
    setPicked((p) => ({ ...p, [split]: next }));
    if (split === "train" && next.upload) {
      if (!name.trim())
        setName(file.name.replace(/\.(jsonl|ndjson|csv)$/i, "").replace(/[_-]?train$/i, "") || file.name);
      // the suggestion only fills an untouched choice
      if (!metric) setMetric(checkDataset([next.upload], { metric: "accuracy", labels: [] }).summary.suggestedMetric);
    }
  };

  const upload = async () => {
    setAttempted(true);
    setFailure(null);
    const blocking =
      Object.keys(errors).length > 0 ||
      !meta.success ||
      !picked.train?.upload ||
      (checked && Object.keys(checked.errors).length > 0);
    if (blocking) return;
    const body = new FormData();
    body.set("name", name);
    body.set("metric", metric);
    body.set("labels", labels);
    for (const s of SPLITS) if (picked[s]?.upload) body.set(s, picked[s].file, picked[s].file.name);
    setBusy(true);
    try {
      const res = await fetch("/api/datasets", { method: "POST", body });
      const json = (await res.json().catch(() => ({}))) as {
        dataset?: { id: string };
        error?: { message?: string; fieldErrors?: FieldErrors };
      };
      if (res.ok && json.dataset) onUploaded(json.dataset.id);
      else {
        setServerErrors(json.error?.fieldErrors ?? {});
        setFailure(json.error?.message ?? `the upload failed (HTTP ${res.status})`);
      }
    } catch (e) {
      setFailure(`the upload failed: ${(e as Error).message}; your files are still selected, try again`);
    } finally {
      setBusy(false);
    }
  };

  const { field, error: err } = fieldErrorsView(errors);

  return (
    <div
      className="space-y-3 rounded border border-dashed border-slate-300 p-3 dark:border-slate-700"
      data-testid="dataset-upload"
    >
      <div className="grid gap-3 md:grid-cols-3">
        {SPLITS.map((s) => (
          <label key={s} className="block text-sm font-medium">
            {s[0]?.toUpperCase()}
            {s.slice(1)} file <span className="font-normal text-slate-500">({SPLIT_HELP[s]})</span>
            <input
              type="file"
              name={s}
              accept=".jsonl,.ndjson,.csv,application/json,text/csv"
              aria-invalid={errors[`files.${s}`] ? true : undefined}
              className={`${field(`files.${s}`)} file:mr-2 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-0.5 file:text-xs dark:file:bg-slate-800 dark:file:text-slate-200`}
              onChange={(e) => void pick(s, e.target.files?.[0])}
            />
            {err(`files.${s}`)}
          </label>
        ))}
      </div>
      <p className="text-xs text-slate-500">
        JSONL (one object per line) or CSV with a header. Fields: <span className="font-mono">input/output</span>,{" "}
        <span className="font-mono">prompt/completion</span>, <span className="font-mono">question/answer</span> or{" "}
        <span className="font-mono">text/label</span>. Up to {MAX_DATASET_BYTES / 1048576} MiB in all.
      </p>
      {errors.files && <ErrorNote>{errors.files}</ErrorNote>}
      {checked && <DatasetPreview summary={checked.summary} />}
      <div className="grid gap-3 md:grid-cols-3">
        <label className="block text-sm font-medium">
          Dataset name
          <input
            name="datasetName"
            className={`${field("name")}`}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          {err("name")}
        </label>
        <label className="block text-sm font-medium">
          Metric
          <select
            name="metric"
            className={`${field("metric")}`}
            value={metric}
            onChange={(e) => setMetric(e.target.value as DatasetMetric)}
          >
            <option value="">choose…</option>
            {DATASET_METRICS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs font-normal text-slate-500">
            {metric ? METRIC_HELP[metric] : "suggested from the answers once a train file is read"}
          </span>
          {err("metric")}
        </label>
        <label className="block text-sm font-medium">
          Labels <span className="font-normal text-slate-500">(optional)</span>
          <input
            name="labels"
            className={`${field("labels")}`}
            value={labels}
            placeholder="positive, negative"
            onChange={(e) => setLabels(e.target.value)}
          />
          <span className="mt-1 block text-xs font-normal text-slate-500">
            the valid answers; empty: inferred when there are at most 50
          </span>
          {err("labels")}
        </label>
      </div>
      {failure && <ErrorNote>{failure}</ErrorNote>}
      <Button variant="primary" onClick={() => void upload()} disabled={busy}>
        {busy ? "Uploading…" : "Upload dataset"}
      </Button>
    </div>
  );
}
