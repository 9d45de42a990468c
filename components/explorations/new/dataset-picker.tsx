"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { fieldErrorsView } from "@/components/ui/form-field";
import { EmptyState, ErrorNote, Spinner } from "@/components/ui/section";
import { DatasetPreview } from "./dataset-preview";
import { DatasetUpload } from "./dataset-upload";

/** Choose one of the workspace's uploaded datasets, or upload a new one (which is then chosen). */
export function DatasetPicker({
  value,
  onChange,
  error,
}: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const datasets = useQuery(trpc.dataset.list.queryOptions());
  const [uploading, setUploading] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.dataset.list.queryKey() });
  const remove = useMutation(
    trpc.dataset.delete.mutationOptions({
      onSuccess: () => {
        onChange(undefined);
        void refresh();
      },
    }),
  );
  const list = datasets.data ?? [];
  const chosen = list.find((d) => d.id === value);
  const showUpload = uploading || (datasets.isSuccess && list.length === 0);

  return (
    <div className="space-y-2" data-testid="dataset-picker">
      {datasets.isPending && <Spinner label="Loading datasets…" />}
      {datasets.isError && <ErrorNote>Could not load the datasets: {datasets.error.message}</ErrorNote>}
      {datasets.isSuccess && list.length === 0 && (
        <EmptyState>No datasets in your workspace yet: upload one below.</EmptyState>
      )}
      {list.length > 0 && (
        <label className="block text-sm font-medium">
          Dataset
          <select
            name="datasetId"
            className={fieldErrorsView({ datasetId: error }).field("datasetId")}
            value={value ?? ""}
            onChange={(e) => onChange(e.target.value || undefined)}
          >
            <option value="">choose a dataset…</option>
            {list.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} —{" "}
                {Object.entries(d.summary.rows)
                  .map(([s, n]) => `${n} ${s}`)
                  .join(", ")}{" "}
                · {d.metric}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      )}
      {chosen && !uploading && (
        <div className="rounded border border-slate-200 p-2 dark:border-slate-800">
          <p className="mb-1 text-xs text-slate-500">
            metric {chosen.metric}
            {chosen.labels.length > 0 ? ` · labels ${chosen.labels.join(", ")}` : ""} · uploaded{" "}
            {new Date(chosen.createdAt).toLocaleString("en")} · used by {chosen.explorations} exploration(s) ·{" "}
            <span className="font-mono" title="sha256 of the stored files">
              {chosen.sha256.slice(0, 12)}
            </span>
          </p>
          <DatasetPreview summary={chosen.summary} />
          {chosen.explorations === 0 && (
            <Button
              variant="danger"
              className="mt-2"
              disabled={remove.isPending}
              onClick={() =>
                window.confirm(`Delete the dataset "${chosen.name}" and its files?`) &&
                remove.mutate({ datasetId: chosen.id })
              }
            >
              Delete this dataset
            </Button>
          )}
          {remove.error && <ErrorNote>{remove.error.message}</ErrorNote>}
        </div>
      )}
      {showUpload ? (
        <>
          <DatasetUpload
            onUploaded={(id) => {
              setUploading(false);
              onChange(id);
              void refresh();
            }}
          />
          {list.length > 0 && <Button onClick={() => setUploading(false)}>Cancel the upload</Button>}
        </>
      ) : (
        datasets.isSuccess && <Button onClick={() => setUploading(true)}>Upload a new dataset…</Button>
      )}
    </div>
  );
}
