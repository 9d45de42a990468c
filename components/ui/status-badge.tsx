import { STATUS_BADGE, shortStatusLabel, statusIcon, statusLabel } from "./status-styles";

export function StatusBadge({ status, short = false }: { status: string; short?: boolean }) {
  return (
    <span
      data-status={status}
      title={statusLabel(status)}
      className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide ${STATUS_BADGE[status] ?? STATUS_BADGE.proposed}`}
    >
      <span aria-hidden className="mr-0.5">
        {statusIcon(status)}
      </span>
      {short ? shortStatusLabel(status) : statusLabel(status)}
    </span>
  );
}
