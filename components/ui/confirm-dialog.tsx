"use client";
/**
 * A modal question before a destructive action (prune a subtree, revoke a token), on the browser's own <dialog>:
 * focus stays inside, Esc cancels. With `reasonLabel` it also asks why, and confirming needs an answer.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  reasonLabel,
  reasonPlaceholder,
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** ask for a reason (required) under this label */
  reasonLabel?: string;
  reasonPlaceholder?: string;
  busy?: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const missing = reasonLabel !== undefined && reason.trim() === "";
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      // Esc closes this dialog only, not what lies behind it (the page's own Esc closes the inspector)
      onKeyDown={(e) => {
        if (e.key === "Escape") e.stopPropagation();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <form
        method="dialog"
        className="space-y-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!missing && !busy) onConfirm(reason.trim());
        }}
      >
        <h2 className="text-sm font-semibold">{title}</h2>
        {children && <div className="text-xs text-slate-600 dark:text-slate-300">{children}</div>}
        {reasonLabel !== undefined && (
          <label className="block text-xs font-medium">
            {reasonLabel}
            <textarea
              name="reason"
              autoFocus
              required
              maxLength={500}
              rows={3}
              value={reason}
              placeholder={reasonPlaceholder}
              onChange={(e) => setReason(e.target.value)}
              className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={missing || busy} autoFocus={reasonLabel === undefined}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
