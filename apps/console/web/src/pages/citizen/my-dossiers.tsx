import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ProblemMessage } from '../../components/problem-message';
import { usePageTitle } from '../../layout/page-title';
import { useDossierList } from '../dossiers/dossier-api';
import { DossierDetail } from '../dossiers/dossier-detail';
import { DossierTable } from '../dossiers/dossier-table';

/** Flow 6: the births and deaths in which the signed-in citizen is a party. */
export function MyDossiersPage() {
  const { t } = useTranslation();
  usePageTitle(t('myDossiers.title'));
  // the civil-status service answers a citizen with their own dossiers only
  const list = useDossierList({ limit: '100' });
  return (
    <section>
      <h1>{t('myDossiers.title')}</h1>
      <p className="lead">{t('myDossiers.lead')}</p>
      {list.isError ? <ProblemMessage error={list.error} /> : null}
      {list.data ? (
        <DossierTable
          dossiers={list.data.dossiers}
          base="/citizen/dossiers/"
          caption={t('myDossiers.caption')}
        />
      ) : null}
      {!list.data && !list.isError ? (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      ) : null}
    </section>
  );
}

/** One of the citizen's dossiers with its steps, live. */
export function MyDossierPage() {
  const { id = '' } = useParams();
  return <DossierDetail id={id} />;
}
