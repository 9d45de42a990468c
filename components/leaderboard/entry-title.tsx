import Link from "next/link";

/** What a board row needs to name its exploration: the fields both leaderboards' entries have. */
export interface TitledEntry {
  explorationId: string | null;
  nodeId: string;
  title: string;
  importedFrom: string | null;
  provisional: boolean;
  status: string;
}

/** An entry's title: a link to its node (or the source of an import), with its imported and provisional badges. */
export function EntryTitle({ e }: { e: TitledEntry }) {
  return (
    <>
      {e.explorationId ? (
        <Link
          className="text-emerald-700 hover:underline dark:text-emerald-400"
          href={`/explorations/${e.explorationId}?node=${e.nodeId}`}
        >
          {e.title}
        </Link>
      ) : (
        <span title={`node ${e.nodeId} of ${e.importedFrom ?? ""}`}>{e.title}</span>
      )}
      {e.importedFrom && (
        <span
          className="ml-1.5 rounded bg-sky-100 px-1 text-[10px] font-medium uppercase text-sky-800 dark:bg-sky-900 dark:text-sky-200"
          title={`imported from ${e.importedFrom}, verified on import`}
          data-testid="imported"
        >
          imported
        </span>
      )}
      {e.provisional && (
        <span
          className="ml-1.5 rounded bg-amber-100 px-1 text-[10px] font-medium uppercase text-amber-800 dark:bg-amber-900 dark:text-amber-200"
          title={`The exploration is ${e.status}: ranked on its best node so far`}
          data-testid="provisional"
        >
          provisional · {e.status}
        </span>
      )}
    </>
  );
}
