import type { Page } from 'playwright-core';

/** The password of every demo account (tools/launcher/identity-setup.ts). */
export const DEMO_PASSWORD = 'lienthong-demo';

/**
 * Signs in through the real identity provider: the console's sign-in button, the provider's
 * form, and back to the console. `realm` picks the staff or the citizen button.
 */
export async function signIn(
  page: Page,
  consoleUrl: string,
  username: string,
  options: { realm?: 'staff' | 'citizen'; password?: string; path?: string } = {},
): Promise<void> {
  await page.goto(`${consoleUrl}${options.path ?? '/'}`);
  await page
    .getByRole('link', {
      name: options.realm === 'citizen' ? 'Đăng nhập công dân' : 'Đăng nhập cán bộ',
    })
    .click();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  if (options.password === undefined) {
    await page.getByTestId('who').waitFor();
  }
}
