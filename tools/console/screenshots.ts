import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { findRepositoryRoot } from '@lienthong/schema';
import { launchBrowser } from './browser';
import { startLocalStack, type RunningStack } from './local-stack';
import { signIn } from './sign-in';

/** One screenshot of docs/console.md: a name and how to reach the page from a fresh context. */
interface Shot {
  readonly name: string;
  readonly user?: { readonly username: string; readonly realm?: 'staff' | 'citizen' };
  readonly open: (page: Page, stack: RunningStack) => Promise<void>;
}

async function lookUp(page: Page, personalId: string): Promise<void> {
  await page.getByLabel('Căn cứ pháp lý').fill('Nghị định 63/2024/NĐ-CP');
  await page.getByLabel('Mã hồ sơ').fill('HS-2026-000123');
  await page.getByLabel('Số định danh cá nhân').fill(personalId);
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await page.locator('[data-verdict="verified"]').waitFor();
}

const SHOTS: readonly Shot[] = [
  {
    name: 'sign-in',
    open: async (page, stack) => {
      await page.goto(stack.consoleUrl);
      await page.getByRole('link', { name: 'Đăng nhập cán bộ' }).waitFor();
    },
  },
  {
    name: 'identity-provider',
    open: async (page, stack) => {
      await page.goto(stack.consoleUrl);
      await page.getByRole('link', { name: 'Đăng nhập cán bộ' }).click();
      await page.getByLabel('Mật khẩu').waitFor();
    },
  },
  {
    name: 'lookup',
    user: { username: 'canbo.civ' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/officer/lookup`);
      await page.getByLabel('Số định danh cá nhân').fill(stack.samples.adult.slice(0, 9));
    },
  },
  {
    name: 'lookup-result',
    user: { username: 'canbo.civ' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/officer/lookup`);
      await lookUp(page, stack.samples.adult);
    },
  },
  {
    name: 'citizen-accesses',
    user: { username: 'congdan1', realm: 'citizen' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/citizen/accesses`);
      await page.getByTestId('accesses').locator('li').first().waitFor();
    },
  },
  {
    name: 'auditor-accesses',
    user: { username: 'kiemtoan' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/staff/accesses`);
      await page.getByLabel('Số định danh cá nhân').fill(stack.samples.adult);
      await page.getByRole('button', { name: 'Xem nhật ký' }).click();
      await page.getByTestId('accesses').locator('li').first().waitFor();
    },
  },
  {
    name: 'operator-members',
    user: { username: 'vanhanh' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/operator/members`);
      await page.locator('section[data-member="CIV"] tbody tr').first().waitFor();
    },
  },
];

/**
 * `npm run console:screenshots`: starts a local stack, opens each page of the console in
 * Vietnamese in Debian's chromium and writes docs/console/<page>.png (docs/console.md shows them).
 */
async function main(): Promise<void> {
  const out = join(findRepositoryRoot(), 'docs/console');
  mkdirSync(out, { recursive: true });
  const [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
  try {
    for (const shot of SHOTS) {
      const context = await browser.newContext({
        locale: 'vi-VN',
        viewport: { width: 1280, height: 800 },
      });
      const page = await context.newPage();
      if (shot.user) {
        await signIn(page, stack.consoleUrl, shot.user.username, {
          ...(shot.user.realm ? { realm: shot.user.realm } : {}),
        });
      }
      await shot.open(page, stack);
      await page.screenshot({ path: join(out, `${shot.name}.png`), fullPage: true });
      process.stdout.write(`wrote docs/console/${shot.name}.png\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${String(error)}\n`);
  process.exit(1);
});
