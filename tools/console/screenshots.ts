import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { findRepositoryRoot } from '@lienthong/schema';
import { launchBrowser } from './browser';
import { fillPurpose, lookUpPerson } from './officer-forms';
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

/** The birth form filled in, the parents (the two demo citizens) looked up and found. */
async function fillBirth(page: Page, stack: RunningStack): Promise<void> {
  await page.goto(`${stack.consoleUrl}/officer/births/new`);
  await fillPurpose(page, 'HS-2026-KS-0001');
  await page.getByLabel('Mã xã nơi tiếp nhận').fill('00004');
  await page.getByLabel('Họ, chữ đệm và tên').fill('Nguyễn Thị Bình An');
  await page.getByLabel('Ngày sinh').fill('2026-12-01');
  await page.getByLabel('Nơi sinh').fill('Bệnh viện Phụ sản Hà Nội, phường Láng, thành phố Hà Nội');
  // congdan1 (the sample adult) is a man, congdan2 his wife
  await lookUpPerson(page, 'Số định danh của mẹ', stack.citizens[1] ?? '', 'mother');
  await lookUpPerson(page, 'Số định danh của cha', stack.citizens[0] ?? '', 'father');
}

/** A birth registered by the commune officer (the leader's dashboard then has a dossier). */
async function registerBirth(page: Page, stack: RunningStack): Promise<void> {
  const officer = await page.context().browser()?.newContext({ locale: 'vi-VN' });
  if (!officer) {
    return;
  }
  const other = await officer.newPage();
  await signIn(other, stack.consoleUrl, 'canbo.civ');
  await other.evaluate(async (father) => {
    const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    await fetch('/api/upstream/CIV/v1/births', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({
        communeCode: '00004',
        child: {
          fullName: 'Phạm Minh An',
          sex: 'MALE',
          birthDate: new Date().toISOString().slice(0, 10),
          placeOfBirth: 'Bệnh viện Đa khoa',
        },
        fatherPersonalId: father,
      }),
    });
  }, stack.samples.adult);
  await officer.close();
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
    name: 'profile',
    user: { username: 'canbo.civ' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/officer/profile`);
      await page.getByLabel('Thủ tục hành chính').selectOption('1.011537');
      await fillPurpose(page, 'HS-2026-000123');
      await page.getByLabel('Số định danh cá nhân').fill(stack.samples.adult);
      await page.getByRole('button', { name: 'Lấy hồ sơ' }).click();
      const parts = page.getByTestId('profile-part');
      await parts.first().waitFor();
      await page
        .locator('[data-testid="profile-part"] [data-verdict="pending"]')
        .first()
        .waitFor({ state: 'detached' });
    },
  },
  {
    name: 'birth',
    user: { username: 'canbo.civ' },
    open: fillBirth,
  },
  {
    name: 'dossier',
    user: { username: 'canbo.civ' },
    open: async (page, stack) => {
      await fillBirth(page, stack);
      await page.getByRole('button', { name: 'Đăng ký khai sinh' }).click();
      await page.locator('[data-testid="dossier"][data-status="COMPLETED"]').waitFor({
        timeout: 60_000,
      });
    },
  },
  {
    name: 'death',
    user: { username: 'canbo.civ' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/officer/deaths/new`);
      await fillPurpose(page, 'HS-2026-KT-0001');
      await page.getByLabel('Mã xã nơi tiếp nhận').fill('00004');
      await lookUpPerson(page, 'Số định danh của người chết', stack.samples.adult, 'deceased');
      await page.getByLabel('Ngày mất').fill('2026-12-05');
      await page.getByLabel('Nơi chết').fill('Số 5 phố Huế, phường Hai Bà Trưng, thành phố Hà Nội');
    },
  },
  {
    name: 'dossiers',
    user: { username: 'canbo.civ' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/officer/dossiers`);
      await page.getByTestId('dossier-list').locator('tbody tr').first().waitFor();
    },
  },
  {
    name: 'citizen-dossiers',
    user: { username: 'congdan1', realm: 'citizen' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/citizen/dossiers`);
      await page.getByTestId('dossier-list').locator('tbody tr').first().waitFor();
    },
  },
  {
    name: 'citizen-dossier',
    user: { username: 'congdan1', realm: 'citizen' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/citizen/dossiers`);
      await page.getByTestId('dossier-list').locator('tbody tr a').first().click();
      await page.locator('[data-live="ended"]').waitFor();
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
    name: 'audit-search',
    user: { username: 'kiemtoan' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/audit/search`);
      await page.getByLabel('Mã hồ sơ').fill('HS-2026-000123');
      await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
      await page.getByTestId('records').locator('tbody tr').first().waitFor();
    },
  },
  {
    name: 'audit-lineage',
    user: { username: 'kiemtoan' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/audit/lineage?case=HS-2026-000123`);
      await page.getByTestId('hop-details').waitFor();
    },
  },
  {
    name: 'audit-evidence',
    user: { username: 'kiemtoan' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/audit/search?q=1&case=HS-2026-000123`);
      await page
        .getByRole('link', { name: /^Bằng chứng của bản ghi số/ })
        .first()
        .click();
      await page.locator('[data-verdict]').first().waitFor();
    },
  },
  {
    name: 'audit-evidence-tampered',
    user: { username: 'kiemtoan' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/audit/search?q=1&case=HS-2026-000123`);
      await page
        .getByRole('link', { name: /^Bằng chứng của bản ghi số/ })
        .first()
        .click();
      await page.locator('[data-verdict]').first().waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Tải bằng chứng (JSON)' }).click(),
      ]);
      const answer = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8')) as {
        bundles: { entry: string }[];
      };
      const [first] = answer.bundles;
      const forged = { ...first, entry: first?.entry.replace('HS-2026-000123', 'HS-2026-999999') };
      await page.getByLabel('Tệp bằng chứng (JSON)').setInputFiles({
        name: 'bang-chung-da-sua.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ ...answer, bundles: [forged] })),
      });
      await page.getByTestId('file-verdicts').locator('[data-verdict="refused"]').waitFor();
      await page.getByTestId('file-verdicts').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'audit-health',
    user: { username: 'kiemtoan' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/audit/health`);
      await page.getByTestId('witnesses').waitFor();
    },
  },
  {
    name: 'leader-dashboard',
    user: { username: 'lanhdao' },
    open: async (page, stack) => {
      await registerBirth(page, stack);
      await page.goto(`${stack.consoleUrl}/leader/dashboard`);
      await page.getByTestId('weeks-chart').waitFor();
      await page.getByTestId('days-chart').waitFor();
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
  {
    name: 'operator-rights',
    user: { username: 'vanhanh' },
    open: async (page, stack) => {
      await page.goto(`${stack.consoleUrl}/operator/rights`);
      const grant = page.locator('form', { hasText: 'Cấp quyền truy cập' });
      const consumer = grant.getByRole('group', { name: 'Cơ quan dùng' });
      await consumer.getByLabel('Thành viên').selectOption('BIZ');
      await grant.getByLabel('Dịch vụ').selectOption('citizen-by-id');
      await grant.getByLabel('Mã thủ tục được phép').fill('DKDN, KHAI-SINH-LT');
      for (const field of ['personalId', 'fullName', 'dateOfBirth', 'status']) {
        await grant.getByLabel(field, { exact: true }).check();
      }
      await page.getByRole('button', { name: 'Rút quyền BIZ/registry → citizen-by-id' }).click();
      await grant.getByRole('button', { name: 'Thêm vào bản nháp' }).click();
      await page.getByRole('button', { name: 'Xem trước thay đổi' }).click();
      await page.getByTestId('preview-diff').locator('li').first().waitFor();
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
