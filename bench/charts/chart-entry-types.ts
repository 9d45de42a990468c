/** What each library's bench entry puts on `window`: draw the series into the element, then tear it down. */
export interface BenchSeries {
  label: string;
  xs: number[];
  ys: number[];
}

export interface ChartEntry {
  render: (el: HTMLElement, series: BenchSeries[], width: number, height: number) => void;
  destroy: (el: HTMLElement) => void;
  /** how many series are on screen now: the clock stops when all are */
  drawn: (el: HTMLElement) => number;
}

/** canvas libraries: every series counts as drawn once the canvas has ink */
export function canvasDrawn(el: HTMLElement, series: number): number {
  const canvas = el.querySelector("canvas");
  const ctx = canvas?.getContext("2d");
  if (!canvas || !ctx || canvas.width === 0) return 0;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) return series;
  return 0;
}

/** SVG libraries: the line paths with real geometry */
export function svgDrawn(el: HTMLElement, selector: string): number {
  return [...el.querySelectorAll(selector)].filter((p) => (p.getAttribute("d") ?? "").length > 200).length;
}

declare global {
  interface Window {
    chartEntry: ChartEntry;
  }
}

export const COLOURS = [
  "#059669",
  "#2563eb",
  "#d97706",
  "#dc2626",
  "#7c3aed",
  "#0891b2",
  "#65a30d",
  "#db2777",
  "#4b5563",
  "#9333ea",
];
