import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../../tools/console/browser';
import { tabTo } from '../../tools/console/keyboard';
import { startLocalStack, type RunningStack } from '../../tools/console/local-stack';
import { signIn } from '../../tools/console/sign-in';

/**
 * The console in a real browser (Debian chromium) against a real stack: the launcher's apps,
 * NATS, PostgreSQL and identity provider. One stack for the whole file; the tests run in order,
 * and the one that stops a service comes last.
 */
describe('console (browser)', () => {
  let stack: RunningStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const downloads = mkdtempSync(join(tmpdir(), 'lt-console-downloads-'));

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

  async function lookUp(personalId: string, caseId: string): Promise<void> {
    // only the legal bases the right allows for the procedure are offered, by their citation
    await page
      .getByLabel('Căn cứ pháp lý')
      .selectOption({ label: 'Nghị định 63/2024/NĐ-CP (nd-63-2024)' });
    await page.getByLabel('Mã hồ sơ').fill(caseId);
    await page.getByLabel('Số định danh cá nhân').fill(personalId);
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page
      .locator('[data-verdict="verified"], [data-verdict="refused"], .problem')
      .first()
      .waitFor();
  }

  it('shows the sign-in page in Vietnamese, switches to English, and passes axe', async () => {
    await page.goto(stack.consoleUrl);
    await page.getByRole('heading', { name: 'Cổng liên thông dữ liệu Lienthong' }).waitFor();
    await expectAccessible('sign-in page');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Officer sign-in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('refuses a wrong password at the identity provider and signs nobody in', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.civ', { password: 'wrong-password' });
    await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng').waitFor();
    await expectAccessible('identity provider sign-in page');
    const session = await page.request.get(`${stack.consoleUrl}/api/session`);
    expect(session.status()).toBe(401);
  });

  it('lets the civil-status officer look up a citizen, verified in the browser (flow 1)', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.civ');
    await page.getByRole('heading', { name: 'Tra cứu dữ liệu' }).waitFor();
    await expectAccessible('look-up page');
    // the legal bases offered are those the signed configuration's right names for the procedure
    expect(await page.getByLabel('Căn cứ pháp lý').locator('option').allTextContents()).toEqual([
      'Nghị định 63/2024/NĐ-CP (nd-63-2024)',
      'Luật Hộ tịch số 60/2014/QH13 (luat-ho-tich-2014)',
      'Luật Cư trú số 68/2020/QH14 (luat-cu-tru-2020)',
      'Luật Căn cước số 26/2023/QH15 (luat-can-cuoc-2023)',
    ]);
    // checked as it is typed: province code, then missing digits
    const field = page.getByLabel('Số định danh cá nhân');
    await field.fill('0990');
    await page.getByText('Mã tỉnh nơi đăng ký khai sinh 099 không tồn tại.').waitFor();
    await field.fill('00120301');
    await page.getByText('Còn thiếu 4 chữ số.').waitFor();
    await lookUp(stack.samples.adult, 'HS-2026-000123');
    await page.locator('[data-verdict="verified"]').waitFor();
    const result = page.getByTestId('lookup-result');
    await result.getByText(stack.samples.adult).first().waitFor();
    // the policy withheld ethnicity and religion from civil status, and says so
    await result.getByText('Trường không được cung cấp').waitFor();
    await result.getByText('Dân tộc').waitFor();
    await expectAccessible('look-up result');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải bằng chứng (JSON)' }).click(),
    ]);
    const saved = join(downloads, 'answer.json');
    await download.saveAs(saved);
    const answer = JSON.parse(readFileSync(saved, 'utf8')) as {
      evidence: { response: { body: string } };
    };
    // a tampered copy loaded back shows red, the genuine one green
    const body = Buffer.from(answer.evidence.response.body, 'base64url')
      .toString('utf8')
      .replace(stack.samples.adult, stack.samples.child);
    const tampered = join(downloads, 'tampered.json');
    writeFileSync(
      tampered,
      JSON.stringify({
        ...answer,
        evidence: {
          ...answer.evidence,
          response: { ...answer.evidence.response, body: Buffer.from(body).toString('base64url') },
        },
      }),
    );
    const input = page.getByLabel('Tệp bằng chứng (JSON)');
    await input.setInputFiles(tampered);
    const check = page.getByRole('region', { name: 'Kiểm tra một tệp bằng chứng' });
    await check.locator('[data-verdict="refused"]').waitFor();
    await check.getByText('PKI_SIGNATURE_INVALID').waitFor();
    await input.setInputFiles(saved);
    await check.locator('[data-verdict="verified"]').waitFor();
  });

  it('works with the keyboard alone: skip link, form, submit', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.civ');
    await page.getByRole('heading', { name: 'Tra cứu dữ liệu' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Bỏ qua, đến nội dung chính',
    );
    // the legal basis is a list of those the right allows; the first is chosen until changed
    await tabTo(page, /Căn cứ pháp lý/);
    await tabTo(page, /Mã hồ sơ/);
    await page.keyboard.type('HS-2026-KEYBOARD');
    await tabTo(page, /Số định danh cá nhân/);
    await page.keyboard.type(stack.samples.adult);
    await page.keyboard.press('Enter');
    await page.locator('[data-verdict="verified"]').waitFor();
  });

  it('shows the citizen who looked at their data, and only theirs (flow 5)', async () => {
    await signIn(page, stack.consoleUrl, 'congdan1', { realm: 'citizen' });
    await page.getByRole('heading', { name: 'Ai đã truy cập dữ liệu của tôi' }).waitFor();
    const accesses = page.getByTestId('accesses');
    await accesses.getByText('HS-2026-000123').first().waitFor();
    await accesses
      .getByText('Cơ sở dữ liệu hộ tịch điện tử đã lấy dữ liệu của bạn')
      .first()
      .waitFor();
    await accesses.getByText('cb-tuphap-01').first().waitFor();
    await expectAccessible('citizen access log');
    const other = stack.citizens[1];
    const refused = await page.evaluate(async (id) => {
      const response = await fetch(`/api/upstream/AUDIT/v1/subjects/${id}/accesses`);
      return { status: response.status, body: (await response.json()) as { code: string } };
    }, other);
    expect(refused).toMatchObject({ status: 403, body: { code: 'AUDIT_SUBJECT_FORBIDDEN' } });
  });

  it('refuses an officer another agency’s service, and a change without the anti-forgery token', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.biz');
    const answers = await page.evaluate(async () => {
      const other = await fetch('/api/upstream/CIV/v1/documents');
      const forged = await fetch('/api/upstream/BIZ/v1/lookups/citizen-by-id', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return [
        { status: other.status, code: ((await other.json()) as { code: string }).code },
        { status: forged.status, code: ((await forged.json()) as { code: string }).code },
      ];
    });
    expect(answers).toEqual([
      { status: 403, code: 'CONSOLE_UPSTREAM_FORBIDDEN' },
      { status: 403, code: 'CONSOLE_CSRF_INVALID' },
    ]);
  });

  it('sends a person whose session expired back to the sign-in page, saying so', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.civ');
    const db = new Client({ connectionString: stack.databaseUrl() });
    await db.connect();
    try {
      await db.query(`UPDATE console.sessions SET expires_at = now() - interval '1 second'`);
    } finally {
      await db.end();
    }
    await page.reload();
    await page.getByText('Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.').waitFor();
    const session = await page.request.get(`${stack.consoleUrl}/api/session`);
    expect(session.status()).toBe(401);
  });

  // last: it stops a service of the shared stack
  it('says when the audit service is stopped, and the rest keeps working', async () => {
    await stack.stopApp('audit');
    await signIn(page, stack.consoleUrl, 'congdan1', { realm: 'citizen' });
    await page.getByText('CONSOLE_UPSTREAM_UNAVAILABLE').waitFor();
    await page.getByText('Nhật ký kiểm toán: Dịch vụ hiện không truy cập được').waitFor();
    await expectAccessible('page of a stopped service');
    const officer = await context.newPage();
    await context.clearCookies();
    page = officer;
    await signIn(page, stack.consoleUrl, 'canbo.civ');
    await lookUp(stack.samples.adult, 'HS-2026-AUDIT-DOWN');
    await page.locator('[data-verdict="verified"]').waitFor();
  });
});
