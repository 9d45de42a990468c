/** Upper confidence bound for trees: exploitation (mean backed-up reward) + exploration bonus. */
export function uct(childValue: number, childVisits: number, parentVisits: number, c: number): number {
  if (childVisits <= 0) return Number.POSITIVE_INFINITY;
  const exploit = childValue / childVisits;
  const explore = c * Math.sqrt(Math.log(Math.max(parentVisits, 1)) / childVisits);
  return exploit + explore;
}
