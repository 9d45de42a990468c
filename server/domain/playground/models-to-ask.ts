/**
 * Which models a playground prompt goes to: the node's checkpoint and, beside it, its parent's checkpoint or the
 * base model. Pure: the service passes the nodes in and turns a problem into an error.
 */
import type { GenerationModel } from "../../contract/job-protocol.ts";

export const COMPARE_WITH = ["parent", "base", "none"] as const;
export type CompareWith = (typeof COMPARE_WITH)[number];

/** The fields of a node this decision reads. */
export interface AskableNode {
  ordinal: number;
  status: string;
  checkpoint: string | null;
  baseModel: string;
}

/** A model asked, as the UI names it beside its answer. */
export interface AskedModel extends GenerationModel {
  title: string;
}

export type ModelsToAsk = { ok: true; models: AskedModel[] } | { ok: false; problem: string };

export function modelsToAsk(node: AskableNode, parent: AskableNode | null, compareWith: CompareWith): ModelsToAsk {
  if (node.status !== "succeeded")
    return { ok: false, problem: `Node #${node.ordinal} is ${node.status}: only a succeeded node can be asked.` };
  if (!node.checkpoint)
    return {
      ok: false,
      problem: `Node #${node.ordinal} has no checkpoint to ask (its run kept no weights); ask another node.`,
    };
  const models: AskedModel[] = [
    { label: "node", title: `node #${node.ordinal}`, baseModel: node.baseModel, checkpoint: node.checkpoint },
  ];
  if (compareWith === "parent") {
    if (!parent) return { ok: false, problem: `Node #${node.ordinal} has no parent: compare it with the base model.` };
    if (!parent.checkpoint)
      return {
        ok: false,
        problem: `The parent #${parent.ordinal} has no checkpoint to ask; compare with the base model instead.`,
      };
    models.push({
      label: "parent",
      title: `parent #${parent.ordinal}`,
      baseModel: parent.baseModel,
      checkpoint: parent.checkpoint,
    });
  }
  if (compareWith === "base")
    models.push({ label: "base", title: `base model ${node.baseModel}`, baseModel: node.baseModel });
  return { ok: true, models };
}
