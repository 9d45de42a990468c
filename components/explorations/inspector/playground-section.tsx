"use client";
/**
 * "Try the model": a prompt box on a succeeded node. The prompt goes as a short generation job to the
 * exploration's runner, asking the node's checkpoint and, beside it, its parent's or the base model; the answers
 * show side by side. The list polls while a job runs.
 */
import type { inferRouterOutputs } from "@trpc/server";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FIELD_CLASS } from "@/components/ui/form-field";
import { EmptyState, ErrorNote, Section, Spinner } from "@/components/ui/section";
import type { AppRouter } from "@/server/api/root";
import type { CompareWith } from "@/server/domain/playground/models-to-ask";
import { GENERATION_MAX_NEW_TOKENS, GENERATION_PROMPT_MAX_CHARS } from "@/server/contract/job-protocol";
import type { DetailNode } from "./types";

type Generation = inferRouterOutputs<AppRouter>["playground"]["list"][number];

const COMPARE_LABELS: Record<CompareWith, string> = {
  base: "the base model",
  parent: "the parent",
  none: "nothing (this node only)",
};

export function PlaygroundSection({ node }: { node: DetailNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [prompt, setPrompt] = useState("");
  const [compareWith, setCompareWith] = useState<CompareWith>("base");
  const [maxNewTokens, setMaxNewTokens] = useState(64);
  const [temperature, setTemperature] = useState(0);
  const listKey = trpc.playground.list.queryKey({ nodeId: node.id });
  const list = useQuery({
    ...trpc.playground.list.queryOptions({ nodeId: node.id }),
    refetchInterval: (q) => (q.state.data?.some((g) => g.status === "running") ? 1_000 : false),
  });
  const ask = useMutation(
    trpc.playground.ask.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }) }),
  );
  const running = list.data?.find((g) => g.status === "running");
  const tooLong = prompt.length > GENERATION_PROMPT_MAX_CHARS;

  if (!node.checkpoint)
    return (
      <Section title="Try the model" testId="playground-section">
        <EmptyState>This node kept no checkpoint, so there is no model to ask.</EmptyState>
      </Section>
    );
  return (
    <Section title="Try the model" testId="playground-section">
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          ask.mutate({ nodeId: node.id, prompt, compareWith, maxNewTokens, temperature });
        }}
      >
        <label className="block text-xs font-medium">
          Prompt
          <textarea
            className={`${FIELD_CLASS} min-h-16 font-mono text-xs ${tooLong ? "border-rose-500" : "border-slate-300 dark:border-slate-700"}`}
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder="Ask the model something, as a user turn of a chat"
            data-testid="playground-prompt"
          />
        </label>
        <div className="flex flex-wrap items-end gap-2 text-xs">
          <label className="min-w-0 flex-1 basis-36 font-medium">
            Compare with
            <select
              className={`${FIELD_CLASS} border-slate-300 dark:border-slate-700`}
              value={compareWith}
              onChange={(e) => setCompareWith(e.target.value as CompareWith)}
              data-testid="playground-compare"
            >
              {(["base", "parent", "none"] as const).map((c) => (
                <option key={c} value={c} disabled={c === "parent" && !node.parentId}>
                  {COMPARE_LABELS[c]}
                </option>
              ))}
            </select>
          </label>
          <label className="w-20 font-medium" title={`new tokens per answer, 1 to ${GENERATION_MAX_NEW_TOKENS}`}>
            Tokens
            <input
              type="number"
              min={1}
              max={GENERATION_MAX_NEW_TOKENS}
              className={`${FIELD_CLASS} border-slate-300 dark:border-slate-700`}
              value={maxNewTokens}
              onChange={(e) => setMaxNewTokens(Number(e.target.value))}
            />
          </label>
          <label className="w-20 font-medium" title="0 decodes greedily; above 0 samples">
            Temperature
            <input
              type="number"
              min={0}
              max={2}
              step={0.1}
              className={`${FIELD_CLASS} border-slate-300 dark:border-slate-700`}
              value={temperature}
              onChange={(e) => setTemperature(Number(e.target.value))}
            />
          </label>
          <Button type="submit" variant="primary" disabled={ask.isPending} data-testid="playground-ask">
            Ask
          </Button>
          <span className={`ml-auto font-mono ${tooLong ? "text-rose-600 dark:text-rose-400" : "text-slate-500"}`}>
            {prompt.length}/{GENERATION_PROMPT_MAX_CHARS}
          </span>
        </div>
        {ask.error && <ErrorNote>{ask.error.message}</ErrorNote>}
      </form>
      {running && (
        <div className="mt-2" data-testid="playground-running">
          <Spinner
            label={`A generation job is answering on the exploration's runner (asked ${Math.max(0, Math.round((Date.now() - running.createdAt.getTime()) / 1000))} s ago)…`}
          />
        </div>
      )}
      {list.error && <ErrorNote>Could not load the answers: {list.error.message}</ErrorNote>}
      <ol className="mt-3 space-y-3" data-testid="playground-answers">
        {list.data?.map((g) => (
          <GenerationItem key={g.id} generation={g} />
        ))}
      </ol>
    </Section>
  );
}

function GenerationItem({ generation: g }: { generation: Generation }) {
  return (
    <li data-testid="playground-item" data-status={g.status} className="space-y-1.5">
      <p className="whitespace-pre-wrap rounded bg-slate-100 p-1.5 font-mono text-xs dark:bg-slate-800">{g.prompt}</p>
      {g.status === "failed" && <ErrorNote>{g.error ?? "the generation job failed"}</ErrorNote>}
      <div className={`grid gap-2 ${g.models.length > 1 ? "grid-cols-2" : "grid-cols-1"}`}>
        {g.models.map((m) => (
          <div
            key={m.label}
            className="min-w-0 rounded border border-slate-200 p-1.5 dark:border-slate-700"
            data-testid={`playground-answer-${m.label}`}
          >
            <div className="text-[10px] font-semibold uppercase text-slate-500">{m.title}</div>
            {m.answer !== null ? (
              <p className="whitespace-pre-wrap break-words font-mono text-xs" data-testid="playground-answer-text">
                {m.answer === "" ? <span className="italic text-slate-500">(an empty answer)</span> : m.answer}
              </p>
            ) : (
              <p className="text-xs text-slate-500">{g.status === "running" ? "…" : "no answer"}</p>
            )}
            {m.newTokens !== null && (
              <div className="mt-1 text-[10px] text-slate-500">
                {m.newTokens} token{m.newTokens === 1 ? "" : "s"} in {m.generateSeconds?.toFixed(2)} s · loaded in{" "}
                {m.loadSeconds?.toFixed(2)} s
              </div>
            )}
          </div>
        ))}
      </div>
      {g.wallSeconds !== null && (
        <div className="text-[10px] text-slate-500">
          job {g.wallSeconds.toFixed(1)} s · {g.maxNewTokens} tokens at most · temperature {g.temperature}
        </div>
      )}
    </li>
  );
}
