import { describe, expect, it } from "vitest";
import { alignSeries, canUseLog, formatValue, smooth } from "./smoothing";

describe("smooth", () => {
  it("keeps the raw curve at weight 0 and starts at the first value (debiased)", () => {
    const pts = [
      { x: 1, y: 4 },
      { x: 2, y: 0 },
      { x: 3, y: 4 },
    ];
    expect(smooth(pts, 0)).toEqual(pts);
    const s = smooth(pts, 0.6);
    expect(s[0]?.y).toBeCloseTo(4);
    expect(s[1]?.y).toBeGreaterThan(0);
    expect(s[1]?.y).toBeLessThan(4);
    expect(s.map((p) => p.x)).toEqual([1, 2, 3]);
  });
  it("flattens noise around a constant", () => {
    const noisy = Array.from({ length: 400 }, (_, i) => ({ x: i, y: 1 + (i % 2 === 0 ? 0.5 : -0.5) }));
    const tail = smooth(noisy, 0.95).slice(-50);
    for (const p of tail) expect(Math.abs(p.y - 1)).toBeLessThan(0.1);
  });
  it("leaves gaps alone", () => {
    const s = smooth(
      [
        { x: 1, y: 1 },
        { x: 2, y: Number.NaN },
        { x: 3, y: 1 },
      ],
      0.5,
    );
    expect(Number.isNaN(s[1]?.y)).toBe(true);
    expect(s[2]?.y).toBeCloseTo(1);
  });
});

describe("alignSeries", () => {
  it("puts series with different steps on one x axis with nulls between", () => {
    const { xs, ys } = alignSeries([
      [
        { x: 1, y: 10 },
        { x: 3, y: 30 },
      ],
      [
        { x: 2, y: 20 },
        { x: 3, y: 31 },
      ],
    ]);
    expect(xs).toEqual([1, 2, 3]);
    expect(ys).toEqual([
      [10, null, 30],
      [null, 20, 31],
    ]);
  });
});

describe("canUseLog / formatValue", () => {
  it("refuses a log scale with zero or negative values", () => {
    expect(canUseLog([[{ x: 1, y: 0.5 }]])).toBe(true);
    expect(canUseLog([[{ x: 1, y: 0 }]])).toBe(false);
    expect(canUseLog([[]])).toBe(false);
  });
  it("formats small, large and ordinary values readably", () => {
    expect(formatValue(0.123456)).toBe("0.1235");
    expect(formatValue(0.00003)).toBe("3.00e-5");
    expect(formatValue(12)).toBe("12");
  });
});
