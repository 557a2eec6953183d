import type { Page } from 'playwright-core';

/**
 * Presses Tab until the focused element matches `accessibleName` (its label or text), as a
 * keyboard-only user moves through a page; fails when it is never reached.
 */
export async function tabTo(page: Page, accessibleName: RegExp, maxPresses = 40): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      interface Node {
        getAttribute(name: string): string | null;
        textContent: string | null;
      }
      const doc = (
        globalThis as unknown as {
          document: { activeElement: Node | null; querySelector(selector: string): Node | null };
        }
      ).document;
      const element = doc.activeElement;
      if (!element) {
        return '';
      }
      const id = element.getAttribute('id');
      const label = id ? doc.querySelector(`label[for="${id}"]`)?.textContent : undefined;
      return `${label ?? ''} ${element.getAttribute('aria-label') ?? ''} ${element.textContent ?? ''}`;
    });
    if (accessibleName.test(name)) {
      return;
    }
  }
  throw new Error(`Tab never reached ${String(accessibleName)}`);
}
