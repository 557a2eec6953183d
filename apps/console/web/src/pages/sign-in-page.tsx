import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/problem';
import { takeSessionExpired } from '../api/session';
import { ProblemMessage } from '../components/problem-message';
import { LanguageSwitch } from '../layout/language-switch';
import { usePageTitle } from '../layout/page-title';

const expiredOnLoad = { value: false };

/** The signed-out page: staff sign in with their agency's IdP, citizens with the national one. */
export function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t('signIn.title'));
  const params = new URLSearchParams(window.location.search);
  const failure = params.get('signInError');
  expiredOnLoad.value = expiredOnLoad.value || takeSessionExpired();
  const returnTo = window.location.pathname === '/' ? '/' : window.location.pathname;
  const link = (realm: 'staff' | 'citizen') =>
    `/auth/sign-in?realm=${realm}&returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <div className="sign-in-layout">
      <header className="sign-in-header">
        <span className="brand">Lienthong</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="sign-in">
        <h1>{t('signIn.title')}</h1>
        <p className="lead">{t('signIn.lead')}</p>
        {expiredOnLoad.value ? (
          <p className="notice" role="status">
            {t('signIn.expired')}
          </p>
        ) : null}
        {failure ? (
          <ProblemMessage
            title={t('signIn.failed')}
            error={
              new ProblemError(
                /^[A-Z_]{3,80}$/.test(failure) ? failure : 'CONSOLE_SIGN_IN_FAILED',
                400,
                '',
              )
            }
          />
        ) : null}
        <div className="sign-in-choices">
          <section className="card">
            <h2>{t('signIn.staff.title')}</h2>
            <p>{t('signIn.staff.text')}</p>
            <a className="button primary" href={link('staff')}>
              {t('signIn.staff.action')}
            </a>
          </section>
          <section className="card">
            <h2>{t('signIn.citizen.title')}</h2>
            <p>{t('signIn.citizen.text')}</p>
            <a className="button" href={link('citizen')}>
              {t('signIn.citizen.action')}
            </a>
          </section>
        </div>
      </main>
    </div>
  );
}
