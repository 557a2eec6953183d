import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { checkPersonalId } from '../../components/identifier';
import { IdentifierInput } from '../../components/identifier-input';
import { usePageTitle } from '../../layout/page-title';
import { AccessLog } from '../citizen/access-log';
import { NotFoundPage } from '../not-found-page';

/** An auditor's (or operator's) view of one person's access log; the query itself is logged. */
function SubjectAccessesPage() {
  const { t } = useTranslation();
  usePageTitle(t('staff.accessesTitle'));
  const [typed, setTyped] = useState('');
  const [asked, setAsked] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checkPersonalId(typed).state === 'valid') {
      setAsked(typed);
    }
  };
  return (
    <section>
      <h1>{t('staff.accessesTitle')}</h1>
      <p className="lead">{t('staff.accessesLead')}</p>
      <form className="form card" onSubmit={submit}>
        <IdentifierInput
          name="personalId"
          label={t('fields.personalId')}
          value={typed}
          onChange={setTyped}
          check={checkPersonalId}
          required
        />
        <button type="submit" className="button primary">
          {t('staff.show')}
        </button>
      </form>
      {asked ? <AccessLog key={asked} personalId={asked} asCitizen={false} /> : null}
    </section>
  );
}

/** Auditors' and operators' pages (part 2 of the console adds theirs here). */
export default function StaffRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="accesses" replace />} />
      <Route path="accesses" element={<SubjectAccessesPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
