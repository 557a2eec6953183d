import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import oversightEn from './oversight.en.json';
import oversightVi from './oversight.vi.json';
import problemsEn from './problems.en.json';
import problemsVi from './problems.vi.json';
import operatorEn from './operator.en.json';
import operatorVi from './operator.vi.json';
import vi from './vi.json';

/** Languages of the console: Vietnamese first, English by the switch in the header. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORE_KEY = 'lt.language';

function initialLanguage(): Language {
  // the choice lasts for this tab only (nothing long-lived in browser storage)
  const stored = window.sessionStorage.getItem(STORE_KEY);
  return stored === 'en' ? 'en' : 'vi';
}

void i18next.use(initReactI18next).init({
  resources: {
    // each part's messages in its own file, under its own key (fewer conflicts between pages)
    vi: {
      translation: { ...vi, operator: operatorVi },
      problems: problemsVi,
      oversight: oversightVi,
    },
    en: {
      translation: { ...en, operator: operatorEn },
      problems: problemsEn,
      oversight: oversightEn,
    },
  },
  lng: initialLanguage(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

/** Switches the language of the page (and of `<html lang>`, for screen readers). */
export function setLanguage(language: Language): void {
  window.sessionStorage.setItem(STORE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export default i18next;
