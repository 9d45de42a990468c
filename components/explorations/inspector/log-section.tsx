import { useEffect, useRef } from "react";
import { Section } from "@/components/ui/section";

/** The worker's log tail, refreshed while the job runs; sticks to the bottom unless scrolled up. */
export function LogSection({ logTail, title, streaming }: { logTail: string; title: string; streaming: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 40) el.scrollTop = el.scrollHeight;
  }, [logTail]);
  return (
    <Section
      title={title}
      testId="log-section"
      right={
        streaming ? (
          <span className="flex items-center gap-1 text-blue-600 dark:text-blue-400">
            <span className="inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-blue-500" /> streaming
          </span>
        ) : undefined
      }
    >
      <pre
        ref={ref}
        data-testid="log-tail"
        className="max-h-56 overflow-auto whitespace-pre-wrap rounded bg-slate-900 p-2 font-mono text-[10px] leading-snug text-slate-100 dark:bg-black"
      >
        {logTail || "(no log yet)"}
      </pre>
    </Section>
  );
}
