import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../../tools/console/browser';
import { startLocalStack, type RunningStack } from '../../tools/console/local-stack';
import { signIn } from '../../tools/console/sign-in';

const run = promisify(execFile);
const CASE = 'HS-2026-KIEMTOAN';

/**
 * The auditors' and leaders' pages in a real browser (Debian chromium) against a real stack:
 * search, lineage, evidence checked in the browser (and by `lt verify-evidence`), log health, the
 * leader's dashboard, and each role's refusals at the page and at the API. One stack for the file;
 * the first test makes the traffic the others read.
 */
describe('console: auditors and leaders (browser)', () => {
  let stack: RunningStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const downloads = mkdtempSync(join(tmpdir(), 'lt-oversight-downloads-'));

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  beforeEach(async () => {
    context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  async function expectAccessible(where: string): Promise<void> {
    const violations = await axeViolations(page);
    expect({ where, violations }).toEqual({ where, violations: [] });
  }

  /** What the console answers this page's session for a call (status and problem code). */
  async function call(path: string, method = 'GET') {
    return page.evaluate(
      async ({ path, method }) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const response = await fetch(path, {
          method,
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        const body = (await response.json().catch(() => ({}))) as { code?: string };
        return { status: response.status, code: body.code };
      },
      { path, method },
    );
  }

  async function saveDownload(click: () => Promise<void>, name: string): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    const saved = join(downloads, name);
    await download.saveAs(saved);
    return saved;
  }

  it('makes traffic: an officer looks a citizen up for a case and registers a birth', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.civ');
    await page.getByLabel('Căn cứ pháp lý').fill('Nghị định 63/2024/NĐ-CP');
    await page.getByLabel('Mã hồ sơ').fill(CASE);
    await page.getByLabel('Số định danh cá nhân').fill(stack.samples.adult);
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.locator('[data-verdict="verified"]').waitFor();
    const birth = await page.evaluate(async (father) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      for (let attempt = 1; ; attempt++) {
        const response = await fetch('/api/upstream/CIV/v1/births', {
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
        if (response.status !== 503 || attempt >= 10) {
          return response.status;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }, stack.samples.adult);
    expect(birth).toBe(202);
  });

  it('lets the auditor search the log with filters, page through it and export CSV (flow 1)', async () => {
    await signIn(page, stack.consoleUrl, 'kiemtoan');
    await page.getByRole('heading', { name: 'Tra cứu nhật ký kiểm toán' }).waitFor();
    await expectAccessible('audit search');
    // everything, ten records a page (the log receives the traffic's records in batches)
    await page.getByLabel('Số bản ghi mỗi trang').selectOption('10');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    for (let attempt = 0; ; attempt++) {
      const status = page.getByText(/^Trang 1 — \d+ bản ghi$/);
      await status.waitFor();
      if ((await status.textContent()) === 'Trang 1 — 10 bản ghi' || attempt >= 30) {
        break;
      }
      await page.waitForTimeout(1000);
      await page.reload();
    }
    await page.getByText(/^Trang 1 — 10 bản ghi$/).waitFor();
    const firstSeq = await page.getByTestId('records').locator('tbody tr td').first().textContent();
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.getByText(/^Trang 2 — \d+ bản ghi$/).waitFor();
    const secondSeq = await page
      .getByTestId('records')
      .locator('tbody tr td')
      .first()
      .textContent();
    expect(Number(secondSeq)).toBeGreaterThan(Number(firstSeq));
    await page.getByRole('button', { name: 'Trang trước' }).click();
    await page.getByText(/^Trang 1 — 10 bản ghi$/).waitFor();
    // one case
    await page.getByLabel('Mã hồ sơ').fill(CASE);
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    const rows = page.getByTestId('records').locator('tbody tr');
    await rows.first().getByText(CASE).waitFor();
    const count = await rows.count();
    expect(count).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('button', { name: 'Trang sau' }).isDisabled()).toBe(true);
    await expectAccessible('audit search results');
    const csv = await saveDownload(
      () => page.getByRole('link', { name: 'Tải xuống CSV (toàn bộ kết quả)' }).click(),
      'records.csv',
    );
    const lines = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    expect(lines.length).toBe(count + 1);
    expect(lines.slice(1).every((line) => line.includes(CASE))).toBe(true);
    // a bad filter is the service's stable code, shown in words
    await page.getByLabel('Mã thủ tục').fill('x'.repeat(80));
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.getByText('AUDIT_QUERY_INVALID').waitFor();
  });

  it('draws the lineage of a case as a picture whose hops open their records (flow 2)', async () => {
    await signIn(page, stack.consoleUrl, 'kiemtoan');
    await page.goto(`${stack.consoleUrl}/audit/lineage?case=${CASE}`);
    const graph = page.getByTestId('lineage-graph');
    await graph.waitFor();
    const hops = graph.locator('[role="button"]');
    expect(await hops.count()).toBeGreaterThanOrEqual(2);
    await expectAccessible('lineage');
    // the second hop (the provider's reply), chosen with the keyboard
    await hops.nth(1).focus();
    await page.keyboard.press('Enter');
    expect(await hops.nth(1).getAttribute('aria-pressed')).toBe('true');
    const details = page.getByTestId('hop-details');
    await details.getByRole('heading', { name: /^Bước 2: Trả lời$/ }).waitFor();
    await details.getByText('Chữ ký đã kiểm tra').waitFor();
    await details.getByText('POP/registry').first().waitFor();
    await details.getByRole('link', { name: 'Kiểm tra bằng chứng của bước này' }).click();
    await page.getByRole('heading', { name: 'Kiểm tra bằng chứng kiểm toán' }).waitFor();
    await page.locator('[data-verdict="verified"]').first().waitFor();
  });

  it('verifies evidence in the browser, shows which check a tampered copy fails, as lt does (flow 3)', async () => {
    await signIn(page, stack.consoleUrl, 'kiemtoan');
    await page.goto(`${stack.consoleUrl}/audit/search?q=1&case=${CASE}`);
    await page.getByTestId('records').locator('tbody tr').first().waitFor();
    await page
      .getByRole('link', { name: /^Bằng chứng của bản ghi số/ })
      .first()
      .click();
    const bundles = page.getByTestId('bundle');
    await bundles.first().locator('[data-verdict="verified"]').waitFor();
    for (const bundle of await bundles.all()) {
      await bundle.locator('[data-verdict="verified"]').waitFor();
    }
    await page.getByText('Điểm kiểm tra do AUDIT/log ký').first().waitFor();
    await expectAccessible('evidence');
    const saved = await saveDownload(
      () => page.getByRole('button', { name: 'Tải bằng chứng (JSON)' }).click(),
      'evidence.json',
    );
    const answer = JSON.parse(readFileSync(saved, 'utf8')) as { bundles: { entry: string }[] };
    const tampered = join(downloads, 'tampered.json');
    const [first] = answer.bundles;
    if (!first) {
      throw new Error('no bundle');
    }
    writeFileSync(
      tampered,
      JSON.stringify({
        ...answer,
        bundles: [{ ...first, entry: first.entry.replace(CASE, 'HS-2026-GIAMAO') }],
      }),
    );
    const input = page.getByLabel('Tệp bằng chứng (JSON)');
    const verdicts = page.getByTestId('file-verdicts');
    await input.setInputFiles(tampered);
    await verdicts.locator('[data-verdict="refused"][data-code="AUDIT_RECORD_TAMPERED"]').waitFor();
    await verdicts.locator('[data-check="record"][data-state="failed"]').waitFor();
    await verdicts.locator('[data-check="checkpoint"][data-state="passed"]').waitFor();
    await verdicts.locator('[data-check="inclusion"][data-state="skipped"]').waitFor();
    await expectAccessible('tampered evidence');
    await input.setInputFiles(saved);
    await verdicts.locator('[data-verdict="verified"]').first().waitFor();
    // the command line gives the same verdicts on the same files
    const lt = (file: string) =>
      run(process.execPath, ['dist/tools/cli/main.js', 'verify-evidence', file], {
        env: { ...process.env, LT_DATA_DIR: stack.dataDir },
      }).then(
        ({ stdout }) => ((JSON.parse(stdout) as { verified: boolean }).verified ? 'VERIFIED' : '?'),
        (error: { stdout?: string; stderr?: string }) =>
          /AUDIT_[A-Z_]+/.exec(`${error.stderr ?? ''}${error.stdout ?? ''}`)?.[0] ?? 'FAILED',
      );
    expect([await lt(saved), await lt(tampered)]).toEqual(['VERIFIED', 'AUDIT_RECORD_TAMPERED']);
  });

  it('shows the log health: latest checkpoint, cosigners, witnesses and alarms (flow 4)', async () => {
    await signIn(page, stack.consoleUrl, 'kiemtoan');
    await page.getByRole('link', { name: 'Tình trạng nhật ký' }).click();
    await page.getByRole('heading', { name: 'Tình trạng nhật ký kiểm toán' }).waitFor();
    await page.getByTestId('health-verdict').waitFor();
    await page.getByTestId('witnesses').locator('tbody tr').first().waitFor();
    await page.getByRole('heading', { name: 'Điểm kiểm tra mới nhất' }).waitFor();
    await expectAccessible('log health');
  });

  it('shows the leader the figures with charts and CSV, never a record (flow 9)', async () => {
    await signIn(page, stack.consoleUrl, 'lanhdao');
    await page.getByRole('heading', { name: 'Bảng số liệu liên thông' }).waitFor();
    await page
      .getByTestId('tile-received')
      .getByText(/^[1-9]\d*$/)
      .waitFor();
    await page
      .getByTestId('tile-lookups')
      .getByText(/^[1-9]\d*$/)
      .waitFor();
    await page.getByTestId('weeks-chart').waitFor();
    await page.getByTestId('days-chart').waitFor();
    await expectAccessible('leader dashboard');
    const csv = await saveDownload(
      () => page.getByRole('link', { name: 'Tải số liệu hồ sơ (CSV)' }).click(),
      'dossiers.csv',
    );
    expect(readFileSync(csv, 'utf8')).toMatch(/BIRTH/);
    const lookups = await saveDownload(
      () => page.getByRole('link', { name: 'Tải số liệu tra cứu (CSV)' }).click(),
      'lookups.csv',
    );
    expect(readFileSync(lookups, 'utf8')).toMatch(/^\uFEFF?day,sender,recipient,type,outcome/);
    // one commune, in English
    await page.getByLabel('Mã xã (5 chữ số)').fill('00004');
    await page.getByRole('button', { name: 'Xem số liệu' }).click();
    await page
      .getByTestId('tile-received')
      .getByText(/^[1-9]\d*$/)
      .waitFor();
    // one agency's steps (the police's) and its look-ups
    await page.getByLabel('Cơ quan (mã: POP, INS, …)').fill('POP');
    await page.getByRole('button', { name: 'Xem số liệu' }).click();
    const steps = page.getByTestId('steps');
    await steps.getByText(/^PERSONAL_ID/).waitFor();
    expect(await steps.getByText(/^HEALTH_INSURANCE_CARD/).count()).toBe(0);
    await page
      .getByTestId('tile-lookups')
      .getByText(/^[1-9]\d*$/)
      .waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Interconnection figures' }).waitFor();
    await expectAccessible('leader dashboard in English');
  });

  it('refuses a leader the auditors’ pages and records, at the page and at the API', async () => {
    await signIn(page, stack.consoleUrl, 'lanhdao');
    await page.goto(`${stack.consoleUrl}/audit/search`);
    await page.getByRole('heading', { name: 'Bảng số liệu liên thông' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/leader/dashboard');
    expect(await call('/api/upstream/AUDIT/v1/records')).toEqual({
      status: 403,
      code: 'CONSOLE_UPSTREAM_FORBIDDEN',
    });
    expect(await call('/api/upstream/CIV/v1/dossiers')).toEqual({
      status: 403,
      code: 'CONSOLE_UPSTREAM_FORBIDDEN',
    });
    expect(await call('/api/upstream/POP/v1/statistics/dossiers')).toEqual({
      status: 403,
      code: 'CONSOLE_UPSTREAM_FORBIDDEN',
    });
  });

  it('refuses an auditor the leader’s page, a change to the registry, and an officer the audit pages', async () => {
    await signIn(page, stack.consoleUrl, 'kiemtoan');
    await page.goto(`${stack.consoleUrl}/leader/dashboard`);
    await page.getByRole('heading', { name: 'Tra cứu nhật ký kiểm toán' }).waitFor();
    expect(await call('/api/upstream/CIV/v1/statistics/dossiers')).toEqual({
      status: 403,
      code: 'CONSOLE_UPSTREAM_FORBIDDEN',
    });
    expect(await call('/api/upstream/TRUST/v1/members', 'POST')).toEqual({
      status: 403,
      code: 'CONSOLE_UPSTREAM_FORBIDDEN',
    });
    await context.clearCookies();
    await signIn(page, stack.consoleUrl, 'canbo.civ');
    await page.goto(`${stack.consoleUrl}/audit/search`);
    await page.getByRole('heading', { name: 'Tra cứu dữ liệu' }).waitFor();
    expect(await call('/api/upstream/AUDIT/v1/records')).toEqual({
      status: 403,
      code: 'CONSOLE_UPSTREAM_FORBIDDEN',
    });
  });
});
