import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { useSession } from '../../api/session';
import { usePageTitle } from '../../layout/page-title';
import { NotFoundPage } from '../not-found-page';
import { AccessLog } from './access-log';
import { MyDossierPage, MyDossiersPage } from './my-dossiers';

function MyAccessesPage(props: { personalId: string }) {
  const { t } = useTranslation();
  usePageTitle(t('accesses.title'));
  return (
    <section>
      <h1>{t('accesses.title')}</h1>
      <p className="lead">{t('accesses.lead')}</p>
      <AccessLog personalId={props.personalId} asCitizen />
    </section>
  );
}

/** The citizen's pages: only their own data, by the personal id of their sign-in. */
export default function CitizenRoutes() {
  const person = useSession().data?.person;
  if (!person?.personalId) {
    return null;
  }
  return (
    <Routes>
      <Route index element={<Navigate to="accesses" replace />} />
      <Route path="accesses" element={<MyAccessesPage personalId={person.personalId} />} />
      <Route path="dossiers" element={<MyDossiersPage />} />
      <Route path="dossiers/:id" element={<MyDossierPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
