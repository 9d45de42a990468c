"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import type { ConstraintEdits, RequirementSpec } from "@/server/domain/requirements/requirement-spec";
import { analysisMatches, editsOf, type AnalysisArgs } from "./requirement-model";

/** The requirement analysis behind the form: the last analysis, the user's edits of its constraints, and their confirmation. */
export function useRequirement(args: AnalysisArgs) {
  const trpc = useTRPC();
  const preview = useMutation(trpc.agent.previewAnalysis.mutationOptions());
  const [edits, setEdits] = useState<ConstraintEdits>({});
  const [confirmed, setConfirmed] = useState(false);
  const spec: RequirementSpec | undefined = preview.data?.spec;
  const fresh = spec !== undefined && analysisMatches(preview.variables, args);
  /** analyse the goal as the form stands (or with `override`); edits and confirmation start over */
  const analyse = async (override: Partial<AnalysisArgs> = {}): Promise<RequirementSpec> => {
    const r = await preview.mutateAsync({ ...args, ...override });
    setEdits(editsOf(r.spec));
    setConfirmed(false);
    return r.spec;
  };
  return { preview, spec, tokens: preview.data?.tokens ?? 0, fresh, edits, setEdits, confirmed, setConfirmed, analyse };
}

export type RequirementState = ReturnType<typeof useRequirement>;
