import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { type SessionView, signOut } from '../api/session';
import { LanguageSwitch } from './language-switch';
import { navigationOf } from './navigation';

/**
 * The layout every signed-in page shares: a skip link, the header (who is signed in, for which
 * agency, the language switch, sign out), the role's navigation and the main region.
 */
export function Shell(props: { session: SessionView; children: ReactNode }) {
  const { t } = useTranslation();
  const { person } = props.session;
  const links = navigationOf(person);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="topbar">
        <span className="brand">Lienthong</span>
        <span className="who" data-testid="who">
          <span className="who-name">{person.name ?? person.subject}</span>
          <span className="who-role">
            {t(`roles.${person.role}`)}
            {person.member ? ` · ${t(`services.${person.member}`, person.member)}` : ''}
            {person.unit ? ` · ${person.unit}` : ''}
          </span>
        </span>
        <LanguageSwitch />
        <button type="button" className="button small" onClick={() => void signOut()}>
          {t('layout.signOut')}
        </button>
      </header>
      <div className="body">
        <nav className="sidebar" aria-label={t('layout.navigation')}>
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to}>{t(link.label)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
      </div>
    </div>
  );
}
