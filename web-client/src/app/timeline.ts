// Marks on the page's performance timeline at each step of a join (token, hub, joined, offer, answer, media
// connected), so a slow join can be taken apart in the browser's devtools or by the speed test, which reads
// performance.getEntriesByType('mark'). Only the first of each name counts: reconnects do not move them.

const seen = new Set<string>();

export function markJoinStep(step: string): void {
  const name = `rtclive:${step}`;
  if (seen.has(name)) return;
  seen.add(name);
  performance.mark(name);
}
