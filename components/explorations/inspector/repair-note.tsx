import type { DetailNode } from "./types";
import type { TreeNodeRecord } from "../tree-events";

/**
 * A repair says which failed node it repairs, what failed and what it changed; a failed node says which node
 * repairs it, or why none does. Each ordinal selects that node.
 */
export function RepairNote({
  node,
  nodes,
  onSelectNode,
}: {
  node: DetailNode;
  nodes: readonly TreeNodeRecord[];
  onSelectNode?: (id: string) => void;
}) {
  const repairOf = node.plan.repairOf;
  const repairs = nodes.filter((n) => n.plan.repairOf?.nodeId === node.id);
  const note = node.report?.repairNote;
  if (!repairOf && repairs.length === 0 && !note) return null;
  const link = (id: string, ordinal: number) => (
    <button
      type="button"
      className="font-mono font-semibold underline decoration-dotted hover:text-orange-700 dark:hover:text-orange-300"
      onClick={() => onSelectNode?.(id)}
    >
      #{ordinal}
    </button>
  );
  return (
    <div
      className="mx-4 mb-2 rounded bg-orange-50 p-2 text-xs text-orange-950 dark:bg-orange-950 dark:text-orange-100"
      data-testid="repair-note"
    >
      {repairOf && (
        <>
          <p>
            <span className="font-semibold">↻ Repair of </span>
            {link(repairOf.nodeId, repairOf.ordinal)}, which failed with {repairOf.failure.replace(/_/g, " ")}; proposed
            by {repairOf.by === "rules" ? "the Executor's offline rules" : `the Executor (${repairOf.by})`}.
          </p>
          {repairOf.changes.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {repairOf.changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {repairs.length > 0 && (
        <p className={repairOf ? "mt-1" : ""}>
          Repaired by{" "}
          {repairs.map((r, i) => (
            <span key={r.id}>
              {i > 0 && ", "}
              {link(r.id, r.ordinal)}
            </span>
          ))}
          .
        </p>
      )}
      {note && <p className={repairOf || repairs.length > 0 ? "mt-1" : ""}>{note}</p>}
    </div>
  );
}
