// Marks on the page's performance timeline at each step of a join (token, hub, joined, offer, answer, ICE, media
// connected, first packet, first frame), so a slow join can be taken apart in the browser's devtools or by the
// speed test, which reads performance.getEntriesByType('mark') or stats().joinTimeline. Only the first of each
// name counts: reconnects do not move them.

const seen = new Set<string>();

export function markJoinStep(step: string): void {
  const name = `rtclive:${step}`;
  if (seen.has(name)) return;
  seen.add(name);
  performance.mark(name);
}

/** One step of the join and when it happened, in ms since the page's navigation started. */
export interface JoinStep {
  step: string;
  atMs: number;
}

/** The join as the page saw it and as its node saw it (each list in the order the steps happened there). */
export interface JoinTimeline {
  page: JoinStep[];
  node: JoinStep[];
}

/**
 * The page's own steps: the document's load from Navigation and Resource Timing (HTML received, app.js
 * received), then the marks. In time order.
 */
export function pageJoinSteps(): JoinStep[] {
  const steps: JoinStep[] = [];
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav && nav.responseEnd > 0) steps.push({ step: 'html', atMs: nav.responseEnd });
  const app = performance.getEntriesByType('resource').find((r) => /\/app\.js(\?|$)/.test(r.name)) as PerformanceResourceTiming | undefined;
  if (app && app.responseEnd > 0) steps.push({ step: 'app-js', atMs: app.responseEnd });
  for (const m of performance.getEntriesByType('mark')) {
    if (m.name.startsWith('rtclive:')) steps.push({ step: m.name.slice('rtclive:'.length), atMs: m.startTime });
  }
  return steps.sort((a, b) => a.atMs - b.atMs).map((s) => ({ step: s.step, atMs: Math.round(s.atMs * 10) / 10 }));
}

/** The node's steps (Unix ms on its clock) placed on the page's timeline; meaningful when both clocks agree. */
export function nodeJoinSteps(steps: { step: string; at: number }[]): JoinStep[] {
  return steps.map((s) => ({ step: s.step, atMs: Math.round((s.at - performance.timeOrigin) * 10) / 10 }));
}
