import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it), or CHROME_PATH. No browser is ever downloaded. */
export function chromiumPath(): string {
  const path = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`no chromium at ${path}: apt-get install chromium, or set CHROME_PATH`);
  }
  return path;
}

/** Headless chromium, as on CI (root, no GPU, nothing fetched from outside). */
export function launchBrowser(): Promise<Browser> {
  // Playwright gives every launch a fresh temporary profile (user-data dir) and removes it on close
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility problem axe-core found, short enough for a test failure message. */
export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) on the page as it is now and returns its violations:
 * labels, names, contrast, landmarks, focusable elements.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // evaluated through the DevTools protocol: the console's CSP (script-src 'self') stays on
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            c: unknown,
            o: unknown,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: string[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}
