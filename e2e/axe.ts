// axe-core in the page under test: the resident pages follow GB/T 37668-2019 (which takes its
// checkpoints from WCAG 2.0 AA), so every resident page test can ask for 0 serious or critical
// violations on what the page shows now. The script comes from node_modules, evaluated in the page
// (addScriptTag would add an inline <script>, which the server's Content-Security-Policy refuses),
// so the page's own bundle carries none of it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  /** The CSS selectors of the offending elements and what axe says about each. */
  nodes: { target: string; summary: string }[];
}

/** The violations axe finds on the page as it is now (WCAG 2.0/2.1 A and AA rules and axe's best practices). */
export async function axeViolations(page: Page): Promise<AxeProblem[]> {
  // Browser code, type-checked without the DOM library (like flows.ts): the globals it uses are declared here.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  // Colours are judged as they end: a tag fading in (Element Plus transitions) is half its colour for a moment.
  await page.evaluate(async () => {
    const d = (globalThis as unknown as { document: { getAnimations(): { finished: Promise<unknown> }[] } }).document;
    await Promise.all(d.getAnimations().map((a) => a.finished.catch(() => undefined)));
  });
  return page.evaluate(async () => {
    type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
    const g = globalThis as unknown as { document: object; axe: { run(context: object, options: object): Promise<AxeResult> } };
    const result = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary ?? '' })),
    }));
  });
}

/** Fails with axe's own words when the page has a serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')}`).join('\n');
  expect(serious, `${what}: axe found\n${report}`).toEqual([]);
}
