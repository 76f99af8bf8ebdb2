import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS_DIR } from './checks';

/** One numbered callout: the element it circles and nothing else (the legend is in the README). */
export interface Callout {
  readonly selector: string;
}

/**
 * Saves `test-results/<name>.png` with numbered outlines over `callouts` (1, 2, ... in order),
 * then removes them: the annotated screenshot of the README, taken from the real page.
 */
export async function annotatedScreenshot(
  page: Page,
  name: string,
  callouts: readonly Callout[],
): Promise<string> {
  await page.evaluate(
    (selectors) => {
      const layer = document.createElement('div');
      layer.id = 'readme-callouts';
      layer.style.cssText = 'position:absolute;inset:0;pointer-events:none;z-index:9999';
      selectors.forEach((selector, index) => {
        const target = document.querySelector(selector);
        if (target === null) throw new Error(`no element for callout ${index + 1}: ${selector}`);
        const box = target.getBoundingClientRect();
        // Kept inside the page, so the screenshot does not grow and no badge is cut off.
        const pageWidth = document.documentElement.clientWidth;
        const left = Math.max(2, box.left + scrollX - 4);
        const top = Math.max(2, box.top + scrollY - 4);
        const width = Math.min(box.right + scrollX + 4, pageWidth - 2) - left;
        const height = box.bottom + scrollY + 4 - top;
        const outline = document.createElement('div');
        outline.style.cssText = `position:absolute;left:${left}px;top:${top}px;width:${width}px;height:${height}px;border:3px solid #d9480f;border-radius:8px;box-sizing:border-box`;
        const badge = document.createElement('div');
        badge.textContent = String(index + 1);
        badge.style.cssText = `position:absolute;left:${Math.max(4, left - 12)}px;top:${Math.max(4, top - 12)}px;width:26px;height:26px;border-radius:50%;background:#d9480f;color:#fff;font:700 15px/26px sans-serif;text-align:center`;
        layer.append(outline, badge);
      });
      document.body.append(layer);
    },
    callouts.map((c) => c.selector),
  );
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await page.evaluate(() => document.getElementById('readme-callouts')?.remove());
  return path;
}
