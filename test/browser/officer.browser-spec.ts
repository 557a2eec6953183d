import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../../tools/console/browser';
import { startLocalStack, type RunningStack } from '../../tools/console/local-stack';
import { signIn } from '../../tools/console/sign-in';
import { fillPurpose, lookUpPerson } from '../../tools/console/officer-forms';

/**
 * The officers' procedures and the citizens' dossiers in a real browser (Debian chromium) against
 * a real stack: the composite profile (flow 2), births and deaths with their live dossier pages
 * and the dossier list (flow 3), a citizen's own dossiers (flow 6), and the refusals. One stack
 * for the file; the tests run in order, and those that stop a service come last.
 */
describe('console (browser): officers’ procedures and citizens’ dossiers', () => {
  let stack: RunningStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let birthDossier = '';
  let deathDossier = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  beforeEach(async () => {
    context = await browser.newContext({ locale: 'vi-VN' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  async function expectAccessible(where: string): Promise<void> {
    const violations = await axeViolations(page);
    expect({ where, violations }).toEqual({ where, violations: [] });
  }

  /** A living adult of the seeded registry who is neither demo citizen. */
  async function anotherLivingAdult(): Promise<string> {
    const db = new Client({ connectionString: stack.databaseUrl() });
    await db.connect();
    try {
      const { rows } = await db.query<{ personal_id: string }>(
        `SELECT personal_id FROM population.citizens
          WHERE status = 'ALIVE' AND birth_date < now() - interval '30 years'
            AND personal_id <> ALL($1::char(12)[])
          ORDER BY personal_id LIMIT 1`,
        [[...stack.citizens]],
      );
      const found = rows[0]?.personal_id.trim();
      if (!found) {
        throw new Error('the seeded registry has no other living adult');
      }
      return found;
    } finally {
      await db.end();
    }
  }

  it('shows the composite profile with each registry’s part verified in the browser (flow 2)', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.civ', { path: '/officer/profile' });
    await page.getByRole('heading', { name: 'Hồ sơ công dân', level: 1 }).waitFor();
    await expectAccessible('profile page');
    // a death dossier: civil status may then ask population, insurance and the merit registry
    await page.getByLabel('Thủ tục hành chính').selectOption('1.011537');
    await fillPurpose(page, 'HS-2026-PROFILE-1');
    await page.getByLabel('Số định danh cá nhân').fill(stack.samples.adult);
    await page.getByRole('button', { name: 'Lấy hồ sơ' }).click();
    const parts = page.getByTestId('profile-part');
    await parts.first().waitFor();
    const count = await parts.count();
    expect(count).toBe(3);
    for (const member of ['POP', 'INS', 'NCC']) {
      await page.locator(`[data-testid="profile-part"][data-provider="${member}"]`).waitFor();
    }
    // every registry answered and each part's signature verifies here, against the bus root
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-testid="profile-part"] [data-verdict="verified"]')
          .length === n,
      count,
    );
    const population = page.locator('[data-testid="profile-part"][data-provider="POP"]');
    await population.getByText(stack.samples.adult).first().waitFor();
    await population.getByText('Chữ ký số của POP/registry', { exact: false }).waitFor();
    await expectAccessible('profile with its parts');
  });

  it('registers a birth with the parents looked up, and follows its dossier live to completion (flow 3)', async () => {
    // congdan1 (the sample adult) is a man, congdan2 his wife
    const [father, mother] = stack.citizens;
    await signIn(page, stack.consoleUrl, 'canbo.civ', { path: '/officer/births/new' });
    await page.getByRole('heading', { name: 'Đăng ký khai sinh liên thông', level: 1 }).waitFor();
    await expectAccessible('birth form');
    await fillPurpose(page, 'HS-2026-KS-0001');
    await page.getByLabel('Mã xã nơi tiếp nhận').fill('00004');
    await page.getByLabel('Họ, chữ đệm và tên').fill('Nguyễn Thị Bình An');
    await page.getByLabel('Ngày sinh').fill('2026-12-01');
    await page
      .getByLabel('Nơi sinh')
      .fill('Bệnh viện Phụ sản Hà Nội, phường Láng, thành phố Hà Nội');
    // the submit waits until each named parent has been looked up and found
    const submit = page.getByRole('button', { name: 'Đăng ký khai sinh' });
    expect(await submit.isDisabled()).toBe(true);
    await lookUpPerson(page, 'Số định danh của mẹ', mother, 'mother');
    await lookUpPerson(page, 'Số định danh của cha', father, 'father');
    await expectAccessible('birth form, parents found');
    // what the dossier page shows, change by change, without any reload
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        for (const step of document.querySelectorAll('[data-step]')) {
          const entry = `${step.getAttribute('data-step')}:${step.getAttribute('data-status')}`;
          if (seen.at(-1) !== entry && !seen.includes(entry)) {
            seen.push(entry);
          }
        }
        const live = document.querySelector('[data-live]')?.getAttribute('data-live');
        if (live && !seen.includes(`live:${live}`)) {
          seen.push(`live:${live}`);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await submit.click();

    await page.waitForURL(/\/officer\/dossiers\/[0-9a-f-]{36}$/);
    birthDossier = page.url().split('/').at(-1) as string;
    const dossier = page.getByTestId('dossier');
    await dossier.waitFor();
    await dossier.getByText('Nguyễn Thị Bình An', { exact: false }).waitFor();
    const steps = page.getByTestId('dossier-steps').locator('li');
    expect(await steps.count()).toBe(4);
    await page.locator('[data-step="BIRTH_REGISTRATION"][data-status="DONE"]').waitFor();
    await dossier.getByText('Hạn giải quyết theo quy định').first().waitFor();
    await dossier.getByText('cb-tuphap-01').waitFor();
    await expectAccessible('dossier page');
    // no reload: the other agencies' steps arrive through the server-sent events
    await page
      .locator('[data-testid="dossier"][data-status="COMPLETED"]')
      .waitFor({ timeout: 60_000 });
    for (const step of ['PERSONAL_ID', 'PERMANENT_RESIDENCE', 'HEALTH_INSURANCE_CARD']) {
      expect(await page.locator(`[data-step="${step}"]`).getAttribute('data-status')).toBe('DONE');
    }
    await page.locator('[data-live="ended"]').waitFor();
    // the page followed the stream, and saw at least one other agency's step pending and then
    // done without a reload (which ones depends on how fast the agencies are: on a quiet machine
    // population and residence may be done before the page first renders)
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.some((entry) => entry === 'live:connecting' || entry === 'live:live')).toBe(true);
    const followed = ['PERSONAL_ID', 'PERMANENT_RESIDENCE', 'HEALTH_INSURANCE_CARD'].filter(
      (step) =>
        seen.includes(`${step}:PENDING`) &&
        seen.indexOf(`${step}:DONE`) > seen.indexOf(`${step}:PENDING`),
    );
    expect({ followed: followed.length > 0, seen }).toEqual({ followed: true, seen });
  });

  it('registers a death with the deceased looked up, and lists the dossiers by filter (flow 3)', async () => {
    const deceased = await anotherLivingAdult();
    await signIn(page, stack.consoleUrl, 'canbo.civ', { path: '/officer/deaths/new' });
    await page.getByRole('heading', { name: 'Đăng ký khai tử liên thông', level: 1 }).waitFor();
    await fillPurpose(page, 'HS-2026-KT-0001');
    await page.getByLabel('Mã xã nơi tiếp nhận').fill('00004');
    await lookUpPerson(page, 'Số định danh của người chết', deceased, 'deceased');
    await page.getByLabel('Ngày mất').fill('2026-12-05');
    await page.getByLabel('Nơi chết').fill('Số 5 phố Huế, phường Hai Bà Trưng, thành phố Hà Nội');
    await expectAccessible('death form');
    await page.getByRole('button', { name: 'Đăng ký khai tử' }).click();
    await page.waitForURL(/\/officer\/dossiers\/[0-9a-f-]{36}$/);
    deathDossier = page.url().split('/').at(-1) as string;
    await page.locator('[data-step="FUNERAL_ALLOWANCE"]').waitFor();
    await page
      .locator('[data-testid="dossier"][data-status="COMPLETED"]')
      .waitFor({ timeout: 60_000 });

    await page.getByRole('link', { name: 'Hồ sơ liên thông' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ liên thông', level: 1 }).waitFor();
    const list = page.getByTestId('dossier-list');
    await list.locator(`[data-dossier="${birthDossier}"]`).waitFor();
    await list.locator(`[data-dossier="${deathDossier}"]`).waitFor();
    await expectAccessible('dossier list');
    // filters: births only; then overdue only (none of today's is); then a range before today
    await page.getByLabel('Thủ tục').selectOption('BIRTH');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await list.locator(`[data-dossier="${deathDossier}"]`).waitFor({ state: 'detached' });
    await list.locator(`[data-dossier="${birthDossier}"]`).waitFor();
    await page.getByLabel('Thủ tục').selectOption('');
    await page.getByLabel('Thời hạn').selectOption('true');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Không có hồ sơ nào.').waitFor();
    await page.getByLabel('Thời hạn').selectOption('');
    await page.getByLabel('Trạng thái').selectOption('COMPLETED');
    await page.getByLabel('Tiếp nhận từ ngày').fill('2020-01-01');
    await page.getByLabel('Đến ngày').fill('2020-12-31');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Không có hồ sơ nào.').waitFor();
    // a filter that does not fit is refused with its code
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/upstream/CIV/v1/dossiers?overdue=maybe');
      return { status: response.status, code: ((await response.json()) as { code: string }).code };
    });
    expect(refused).toEqual({ status: 400, code: 'DOSSIER_FILTER_INVALID' });
  });

  it('shows a citizen the dossiers they are a party of, and refuses another’s (flow 6)', async () => {
    await signIn(page, stack.consoleUrl, 'congdan1', {
      realm: 'citizen',
      path: '/citizen/dossiers',
    });
    await page.getByRole('heading', { name: 'Hồ sơ của tôi', level: 1 }).waitFor();
    const list = page.getByTestId('dossier-list');
    await list.locator(`[data-dossier="${birthDossier}"]`).waitFor();
    expect(await list.locator(`[data-dossier="${deathDossier}"]`).count()).toBe(0);
    await expectAccessible('citizen dossier list');
    await list.locator(`[data-dossier="${birthDossier}"] a`).click();
    await page.locator('[data-testid="dossier"][data-status="COMPLETED"]').waitFor();
    await page.locator('[data-step="HEALTH_INSURANCE_CARD"][data-status="DONE"]').waitFor();
    // a citizen is not told which officer received it
    expect(await page.getByText('Cán bộ tiếp nhận').count()).toBe(0);
    await expectAccessible('citizen dossier page');
    const answers = await page.evaluate(async (id) => {
      const one = await fetch(`/api/upstream/CIV/v1/dossiers/${id}`);
      const stream = await fetch(`/api/upstream/CIV/v1/dossiers/${id}/events`);
      return [
        { status: one.status, code: ((await one.json()) as { code: string }).code },
        { status: stream.status, code: ((await stream.json()) as { code: string }).code },
      ];
    }, deathDossier);
    expect(answers).toEqual([
      { status: 403, code: 'DOSSIER_FORBIDDEN' },
      { status: 403, code: 'DOSSIER_FORBIDDEN' },
    ]);
  });

  it('refuses an officer of one agency the documents and dossiers of another', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.pop');
    const answers = await page.evaluate(async (id) => {
      const codeOf = async (response: Response) => ({
        status: response.status,
        code: ((await response.json()) as { code: string }).code,
      });
      return [
        await codeOf(await fetch('/api/upstream/CIV/v1/documents?box=inbox')),
        await codeOf(await fetch(`/api/upstream/INS/v1/documents`)),
        await codeOf(await fetch(`/api/upstream/CIV/v1/dossiers/${id}`)),
      ];
    }, birthDossier);
    expect(answers).toEqual([
      { status: 403, code: 'CONSOLE_UPSTREAM_FORBIDDEN' },
      { status: 403, code: 'CONSOLE_UPSTREAM_FORBIDDEN' },
      { status: 403, code: 'CONSOLE_UPSTREAM_FORBIDDEN' },
    ]);
    // and the navigation offers no births, deaths or dossiers outside civil status
    expect(await page.getByRole('link', { name: 'Đăng ký khai sinh' }).count()).toBe(0);
  });

  // last: these stop services of the shared stack
  it('shows one registry’s part as an error when that registry is stopped, the others verified', async () => {
    await stack.stopApp('insurance');
    await signIn(page, stack.consoleUrl, 'canbo.civ', { path: '/officer/profile' });
    await page.getByLabel('Thủ tục hành chính').selectOption('1.011537');
    await fillPurpose(page, 'HS-2026-PROFILE-2');
    await page.getByLabel('Số định danh cá nhân').fill(stack.samples.adult);
    await page.getByRole('button', { name: 'Lấy hồ sơ' }).click();
    const insurance = page.locator('[data-testid="profile-part"][data-provider="INS"]');
    await insurance.getByText('Không lấy được phần này').waitFor({ timeout: 30_000 });
    await page
      .locator('[data-testid="profile-part"][data-provider="POP"] [data-verdict="verified"]')
      .waitFor();
    await expectAccessible('profile with a failed part');
  });

  it('says on the dossier pages when the civil-status adapter is stopped', async () => {
    await stack.stopApp('civil-status');
    await signIn(page, stack.consoleUrl, 'canbo.civ', { path: '/officer/dossiers' });
    await page.getByRole('heading', { name: 'Hồ sơ liên thông', level: 1 }).waitFor();
    await page.getByText('CONSOLE_UPSTREAM_UNAVAILABLE').waitFor();
    await page
      .getByText('Cơ sở dữ liệu hộ tịch điện tử: Dịch vụ hiện không truy cập được')
      .waitFor();
    await expectAccessible('dossier list of a stopped adapter');
  });
});
