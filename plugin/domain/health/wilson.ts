// The Wilson score interval for a proportion (M4): keeps a day of 3 calls from looking like a
// 0% answer rate. Used by the answer-rate flag, the baseline drop and the dashboards.

export interface Interval {
  lower: number;
  upper: number;
}

/** Wilson interval for `successes` of `trials` at normal quantile `z`; [0, 1] when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z: number): Interval {
  if (trials <= 0) return { lower: 0, upper: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p) + z2 / (4 * trials)) / trials);
  const denominator = 1 + z2 / trials;
  return {
    lower: Math.max(0, (centre - spread) / denominator),
    upper: Math.min(1, (centre + spread) / denominator),
  };
}
