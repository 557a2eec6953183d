import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../../tools/console/browser';
import { startLocalStack, type RunningStack } from '../../tools/console/local-stack';
import { signIn } from '../../tools/console/sign-in';

/**
 * The operators' pages (issue 13, items 5, 7, 8) in Debian's chromium against a whole local
 * stack: the trust service's real registry, the bus and the identity provider. The tests run in
 * order on one stack; the ones that change the registry undo what later tests rely on.
 */
describe('console: operators (browser)', () => {
  let stack: RunningStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

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

  /** A call through the console's back end with the session's anti-forgery token. */
  function callThroughConsole(path: string, method: string, body?: object) {
    return page.evaluate(
      async ({ path, method, body }) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const answer = await fetch(path, {
          method,
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await answer.text();
        return { status: answer.status, body: text ? (JSON.parse(text) as unknown) : null };
      },
      { path, method, body },
    );
  }

  async function openMembers(): Promise<void> {
    await signIn(page, stack.consoleUrl, 'vanhanh');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByRole('link', { name: 'Thành viên và chứng thư' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thành viên và chứng thư số' }).waitFor();
  }

  const memberCard = (code: string) => page.locator(`section[data-member="${code}"]`);

  it('shows members, subsystems and certificates with their expiry to the operator (item 5)', async () => {
    await openMembers();
    for (const code of ['POP', 'BIZ', 'CIV', 'INS']) {
      await memberCard(code).getByText('Đang hoạt động').waitFor();
    }
    // every certificate of the stack is fresh (a year): none within the 60-day warning
    await page.getByText('Không có chứng thư nào hết hạn trong 60 ngày tới.').waitFor();
    const civ = memberCard('CIV');
    expect(await civ.locator('tbody tr').count()).toBeGreaterThan(0);
    await civ
      .getByText(/Còn 36[45] ngày/)
      .first()
      .waitFor();
    await expectAccessible('members page');
  });

  it('suspends a member with a reason, shows who and why, and reinstates it (item 5)', async () => {
    await openMembers();
    const ins = memberCard('INS');
    await ins.getByRole('button', { name: 'Tạm đình chỉ INS' }).click();
    // the reason is required: an empty form sends nothing
    await ins.getByRole('button', { name: 'Xác nhận tạm đình chỉ INS' }).click();
    await expect(ins.getByText('Đang hoạt động').isVisible()).resolves.toBe(true);
    await ins
      .getByLabel('Lý do (bắt buộc, được lưu trong sổ đăng ký)')
      .fill('Kiểm tra an ninh hệ thống sau sự cố');
    await expectAccessible('suspension form');
    await ins.getByRole('button', { name: 'Xác nhận tạm đình chỉ INS' }).click();
    await ins.getByText('Tạm đình chỉ', { exact: true }).waitFor();
    expect(await ins.getByTestId('suspension-reason').textContent()).toBe(
      'Kiểm tra an ninh hệ thống sau sự cố',
    );
    await ins.getByText(/bởi vh-01/).waitFor();
    // the registry says the same to anyone who asks the trust service
    const members = await callThroughConsole('/api/upstream/TRUST/v1/members', 'GET');
    const listed = (members.body as { code: string; status: string; suspension: unknown }[]).find(
      (member) => member.code === 'INS',
    );
    expect(listed?.status).toBe('suspended');
    expect(listed?.suspension).toMatchObject({ reason: 'Kiểm tra an ninh hệ thống sau sự cố' });
    await ins.getByRole('button', { name: 'Khôi phục INS' }).click();
    await ins.getByText('Đang hoạt động').waitFor();
  });

  it('refuses a suspension that would end in the past, saying why, and changes nothing (item 5)', async () => {
    await openMembers();
    const biz = memberCard('BIZ');
    await biz.getByRole('button', { name: 'Tạm đình chỉ BIZ' }).click();
    await biz.getByLabel('Lý do (bắt buộc, được lưu trong sổ đăng ký)').fill('Bảo trì');
    await biz.getByLabel('Tự hết hiệu lực lúc (không bắt buộc)').fill('2020-01-01T08:00');
    await biz.getByRole('button', { name: 'Xác nhận tạm đình chỉ BIZ' }).click();
    await biz.getByText('Thời điểm kết thúc tạm đình chỉ phải ở tương lai').waitFor();
    await biz.getByText('TRUST_MEMBER_SUSPENSION_END_INVALID').waitFor();
    await expectAccessible('refused suspension');
    await biz.getByText('Đang hoạt động').waitFor();
  });

  it('keeps the auditor out of the operator pages and refuses their changes at the API', async () => {
    await signIn(page, stack.consoleUrl, 'kiemtoan');
    // an auditor starts on the search of the audit log (the auditors' pages)
    await page.getByRole('heading', { name: 'Tra cứu nhật ký kiểm toán' }).waitFor();
    expect(await page.getByRole('link', { name: 'Thành viên và chứng thư' }).count()).toBe(0);
    await page.goto(`${stack.consoleUrl}/operator/members`);
    await page.getByRole('heading', { name: 'Tra cứu nhật ký kiểm toán' }).waitFor();
    expect(page.url()).toBe(`${stack.consoleUrl}/audit/search`);
    const suspend = await callThroughConsole(
      '/api/upstream/TRUST/v1/members/INS/suspension',
      'POST',
      { reason: 'auditor tries' },
    );
    expect(suspend).toMatchObject({ status: 403, body: { code: 'CONSOLE_UPSTREAM_FORBIDDEN' } });
    // reading the registry stays allowed (auditors read, never edit)
    const read = await callThroughConsole('/api/upstream/TRUST/v1/members', 'GET');
    expect(read.status).toBe(200);
  });

  // last of item 5: the revoked certificate stays revoked for the rest of the stack's life
  it('revokes a certificate with a reason and a note, and shows who did it (item 5)', async () => {
    await openMembers();
    const ins = memberCard('INS');
    const row = ins.locator('tbody tr').first();
    await row.getByRole('button', { name: /^Thu hồi chứng thư .* của INS\// }).click();
    await row.getByLabel('Lý do thu hồi (RFC 5280)').selectOption('superseded');
    await row
      .getByLabel('Ghi chú (không bắt buộc, chỉ lưu trong sổ đăng ký)')
      .fill('Thay bằng chứng thư mới sau khi đổi máy chủ');
    await expectAccessible('revocation form');
    await row.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
    await row.getByText('Đã thu hồi').waitFor();
    await row.getByText(/lý do: Đã được thay thế, bởi vh-01/).waitFor();
    await row.getByText('“Thay bằng chứng thư mới sau khi đổi máy chủ”').waitFor();
    const thumbprint = await row.getAttribute('data-thumbprint');
    const again = await callThroughConsole(
      `/api/upstream/TRUST/v1/certificates/${String(thumbprint)}/revoke`,
      'POST',
      { reason: 'keyCompromise' },
    );
    expect(again).toMatchObject({
      status: 409,
      body: { code: 'TRUST_CERTIFICATE_ALREADY_REVOKED' },
    });
  });
});
