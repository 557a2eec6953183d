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
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Thành viên và chứng thư' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Danh mục và quyền truy cập' }).count()).toBe(0);
    for (const path of ['/operator/members', '/operator/rights']) {
      await page.goto(`${stack.consoleUrl}${path}`);
      // sent back to the auditor's own start page
      await page.waitForURL((url) => !url.pathname.startsWith('/operator'));
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(
        await page.getByRole('heading', { name: /Thành viên và chứng thư|Danh mục/ }).count(),
      ).toBe(0);
    }
    const suspend = await callThroughConsole(
      '/api/upstream/TRUST/v1/members/INS/suspension',
      'POST',
      { reason: 'auditor tries' },
    );
    expect(suspend).toMatchObject({ status: 403, body: { code: 'CONSOLE_UPSTREAM_FORBIDDEN' } });
    const publish = await callThroughConsole(
      '/api/upstream/TRUST/v1/configuration/changes',
      'POST',
      {
        changes: [{ kind: 'withdrawEventRight', id: '00000000-0000-4000-8000-000000000000' }],
        summary: 'auditor tries',
      },
    );
    expect(publish).toMatchObject({ status: 403, body: { code: 'CONSOLE_UPSTREAM_FORBIDDEN' } });
    // reading the registry stays allowed (auditors read, never edit)
    const read = await callThroughConsole('/api/upstream/TRUST/v1/members', 'GET');
    expect(read.status).toBe(200);
  });

  /** A citizen look-up by the business registry for a birth dossier, through the console. */
  function bizBirthLookUp(personalId: string) {
    return callThroughConsole('/api/upstream/BIZ/v1/lookups/citizen-by-id', 'POST', {
      purpose: {
        procedure: 'KHAI-SINH-LT',
        legalBasis: 'nd-63-2024',
        caseId: 'HS-BIZ-0001',
      },
      query: { personalId },
    });
  }

  it('publishes a previewed rights change, which a look-up refused before then uses (item 7)', async () => {
    await signIn(page, stack.consoleUrl, 'canbo.biz');
    const refused = await bizBirthLookUp(stack.samples.adult);
    expect(refused.status).toBe(403);
    const refusal = (refused.body as { code: string }).code;
    await context.clearCookies();

    await signIn(page, stack.consoleUrl, 'vanhanh');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByRole('link', { name: 'Danh mục và quyền truy cập' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Danh mục dịch vụ và quyền truy cập' })
      .waitFor();
    await expectAccessible('rights page');
    // the business registry's right gains a purpose: withdrawn and granted again, as one change
    const row = page.getByTestId('access-rights').locator('tr', { hasText: 'BIZ/registry' });
    const fields = ((await row.locator('td').nth(3).textContent()) ?? '').split(', ');
    await page.getByRole('button', { name: 'Rút quyền BIZ/registry → citizen-by-id' }).click();
    const grant = page.locator('form', { hasText: 'Cấp quyền truy cập' });
    const consumer = grant.getByRole('group', { name: 'Cơ quan dùng' });
    await consumer.getByLabel('Thành viên').selectOption('BIZ');
    await consumer.getByLabel('Phân hệ').selectOption('registry');
    await grant.getByLabel('Dịch vụ').selectOption('citizen-by-id');
    await grant.getByLabel('Mã thủ tục được phép').fill('DKDN, KHAI-SINH-LT');
    await grant
      .getByLabel('Căn cứ pháp lý được viện dẫn')
      .fill(
        [
          'DKDN | luat-doanh-nghiep-2020 | Luật Doanh nghiệp số 59/2020/QH14',
          'KHAI-SINH-LT | nd-63-2024 | Nghị định 63/2024/NĐ-CP',
        ].join('\n'),
      );
    const offered = grant.getByRole('group', { name: /Trường được cung cấp/ });
    for (const field of fields) {
      await offered.getByLabel(field, { exact: true }).check();
    }
    await grant.getByRole('button', { name: 'Thêm vào bản nháp' }).click();
    await page.getByTestId('draft').locator('li').nth(1).waitFor();
    await page.getByRole('button', { name: 'Xem trước thay đổi' }).click();
    const diff = page.getByTestId('preview-diff');
    await diff.getByText('BIZ/registry → citizen-by-id').waitFor();
    expect(await diff.locator('li').count()).toBe(1);
    expect(await diff.locator('li.diff-changed').count()).toBe(1);
    await diff.getByText('DKDN → DKDN, KHAI-SINH-LT').waitFor();
    await expectAccessible('rights preview');
    // a preview changes nothing: still refused
    expect((await bizBirthLookUp(stack.samples.adult)).status).toBe(403);
    await page
      .getByLabel('Lý do thay đổi (bắt buộc, ghi vào lịch sử)')
      .fill('Đăng ký kinh doanh tham gia liên thông khai sinh (Công văn 12/ĐKKD)');
    await page.getByRole('button', { name: 'Công bố cấu hình' }).click();
    await page.getByText(/Đã công bố: cấu hình số \d+/).waitFor();
    const history = page.getByTestId('history');
    await history
      .getByText('“Đăng ký kinh doanh tham gia liên thông khai sinh (Công văn 12/ĐKKD)”')
      .waitFor();
    await history
      .getByText(/vh-01 công bố, cấu hình số \d+/)
      .first()
      .waitFor();
    await context.clearCookies();

    // the adapters follow the new configuration within seconds
    await signIn(page, stack.consoleUrl, 'canbo.biz');
    let answer = await bizBirthLookUp(stack.samples.adult);
    for (let i = 0; i < 30 && answer.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      answer = await bizBirthLookUp(stack.samples.adult);
    }
    expect({ before: refusal, after: answer.status }).toEqual({ before: refusal, after: 200 });
    // and the officer's look-up page offers the procedure now, answered and verified in the browser
    await page.goto(`${stack.consoleUrl}/officer/lookup`);
    await page.getByLabel('Thủ tục hành chính').selectOption('KHAI-SINH-LT');
    await page.getByLabel('Căn cứ pháp lý').selectOption('nd-63-2024');
    await page.getByLabel('Mã hồ sơ').fill('HS-BIZ-0002');
    await page.getByLabel('Số định danh cá nhân').fill(stack.samples.adult);
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.locator('[data-verdict="verified"]').waitFor();
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
