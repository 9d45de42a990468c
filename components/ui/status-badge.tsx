import { STATUS_BADGE, shortStatusLabel, statusLabel } from "./status-styles";

export function StatusBadge({ status, short = false }: { status: string; short?: boolean }) {
  return (
    <span
      data-status={status}
      title={statusLabel(status)}
      className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide ${STATUS_BADGE[status] ?? STATUS_BADGE.proposed}`}
    >
      {short ? shortStatusLabel(status) : statusLabel(status)}
    </span>
  );
}
