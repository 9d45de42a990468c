import { CanvasBench } from "@/components/tree/canvas-bench";

/** A synthetic tree for bench/canvas.bench.ts: /bench/canvas?n=5000 */
export default async function CanvasBenchPage({ searchParams }: { searchParams: Promise<{ n?: string }> }) {
  const { n } = await searchParams;
  const count = Math.min(20_000, Math.max(1, Number.parseInt(n ?? "1000", 10) || 1000));
  return <CanvasBench n={count} />;
}
