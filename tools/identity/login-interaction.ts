import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { DemoAccounts } from './demo-accounts';
import { BUS_RESOURCE, escapeHtml } from './identity-provider';

const MAX_FORM_BYTES = 4096;

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      throw new Error('form too large');
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function loginPage(uid: string, input: { username?: string; failed?: boolean }): string {
  const error = input.failed
    ? `<p class="error" role="alert" id="login-error">Tên đăng nhập hoặc mật khẩu không đúng. <span lang="en">(Wrong user name or password.)</span></p>`
    : '';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập — Lienthong</title>
<style>
body{font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#f3f5f8;color:#1b1f24;margin:0}
main{max-width:26rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 .25rem}p.sub{color:#4a5563;margin:0 0 1.5rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #6b7480;border-radius:4px;font-size:1rem}
input:focus,button:focus{outline:3px solid #0b57d0;outline-offset:2px}
button{margin-top:1.25rem;width:100%;padding:.7rem;background:#a3141b;color:#fff;border:0;border-radius:4px;font-size:1rem;font-weight:600;cursor:pointer}
.error{background:#fde8e8;color:#8a1116;padding:.6rem;border-radius:4px}
.note{font-size:.85rem;color:#4a5563;margin-top:1.5rem}
</style></head>
<body><main>
<h1>Đăng nhập</h1>
<p class="sub">Nhà cung cấp định danh của môi trường thử nghiệm Lienthong</p>
${error}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="username">Tên đăng nhập</label>
<input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(input.username ?? '')}" ${input.failed ? 'aria-describedby="login-error"' : ''}>
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button>
</form>
<p class="note">Chỉ dùng cho môi trường thử nghiệm: các tài khoản mẫu được in khi chạy <code>npm start</code>.</p>
</main></body></html>`;
}

function send(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  response.end(html);
}

/**
 * The sign-in page of the local provider (`/interaction/<uid>`): a user name and password
 * checked against the demo accounts; the provider then continues the authorization request.
 */
export async function handleInteraction(
  provider: Provider,
  accounts: DemoAccounts,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://local');
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(url.pathname);
  if (!match) {
    send(response, 404, '<!doctype html><title>404</title><p>Không tìm thấy.</p>');
    return;
  }
  const details = await provider.interactionDetails(request, response);
  if (details.uid !== match[1]) {
    send(response, 400, '<!doctype html><title>400</title><p>Phiên đăng nhập không hợp lệ.</p>');
    return;
  }
  if (details.prompt.name === 'consent') {
    // first-party console: consent is implied (loadExistingGrant normally settles it before)
    const grant = new provider.Grant({
      clientId: String(details.params['client_id']),
      accountId: String(details.session?.accountId),
    });
    grant.addOIDCScope('openid profile lienthong');
    grant.addResourceScope(BUS_RESOURCE, 'openid profile lienthong');
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { consent: { grantId } });
    return;
  }
  if (request.method === 'GET' && !match[2]) {
    send(response, 200, loginPage(details.uid, {}));
    return;
  }
  if (request.method !== 'POST' || !match[2]) {
    send(response, 405, '<!doctype html><title>405</title>');
    return;
  }
  const form = await readForm(request);
  const username = form.get('username') ?? '';
  const account = accounts.authenticate(username, form.get('password') ?? '');
  if (!account) {
    send(response, 401, loginPage(details.uid, { username, failed: true }));
    return;
  }
  await provider.interactionFinished(
    request,
    response,
    { login: { accountId: account.subject } },
    { mergeWithLastSubmission: false },
  );
}
