import { useQuery } from '@tanstack/react-query';
import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { adapterClient } from '../../api/clients';
import { statisticsControllerDossiers } from '../../api/generated/adapter';
import type { DossierDashboardView } from '../../api/oversight-views';
import { useSession } from '../../api/session';
import { ProblemMessage } from '../../components/problem-message';
import { formatDate, formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import '../audit/oversight.css';
import { ChartCanvas } from './chart-canvas';
import { BLUE, GREEN, AMBER, Tile, share } from './dashboard-parts';
import { MessageFigures } from './message-figures';

const SCOPE = ['from', 'to', 'commune', 'procedure', 'agency'] as const;
type Scope = (typeof SCOPE)[number];

function DossierFigures(props: { member: string; query: Record<string, string> }) {
  const { t } = useTranslation('oversight');
  const { query } = props;
  const figures = useQuery({
    queryKey: ['dossier-figures', props.member, query],
    queryFn: async () =>
      (
        await statisticsControllerDossiers({
          client: adapterClient(props.member),
          query,
        })
      ).data as DossierDashboardView,
  });
  const weeks = figures.data?.weeks;
  const config = useMemo<ChartConfiguration<'bar' | 'line'> | undefined>(
    () =>
      weeks && {
        type: 'bar',
        data: {
          labels: weeks.map((w) => formatDate(w.week)),
          datasets: [
            {
              type: 'bar',
              label: t('dashboard.received'),
              data: weeks.map((w) => w.received),
              backgroundColor: BLUE,
              yAxisID: 'y',
            },
            {
              type: 'bar',
              label: t('dashboard.done'),
              data: weeks.map((w) => w.done),
              backgroundColor: GREEN,
              yAxisID: 'y',
            },
            {
              type: 'line',
              label: t('dashboard.onTimeShare'),
              data: weeks.map((w) => (w.onTimeShare === null ? null : w.onTimeShare * 100)),
              borderColor: AMBER,
              backgroundColor: AMBER,
              yAxisID: 'share',
            },
          ],
        },
        options: {
          scales: {
            y: { beginAtZero: true, title: { display: true, text: t('dashboard.dossiers') } },
            share: { position: 'right', min: 0, max: 100, title: { display: true, text: '%' } },
          },
        },
      },
    [weeks, t],
  );
  if (figures.isPending) {
    return <p role="status">{t('common.loading', { ns: 'translation' })}</p>;
  }
  if (figures.isError) {
    return <ProblemMessage error={figures.error} />;
  }
  const { totals, steps, communes, scope } = figures.data;
  const csv = `/api/upstream/${props.member}/v1/statistics/dossiers.csv?${new URLSearchParams(query).toString()}`;
  return (
    <section aria-labelledby="dossiers-title">
      <div className="toolbar">
        <h2 id="dossiers-title">
          {t('dashboard.dossiersTitle', { from: formatDate(scope.from), to: formatDate(scope.to) })}
        </h2>
        <a className="button" href={csv} download>
          {t('dashboard.exportDossiers')}
        </a>
      </div>
      <ul className="tiles" aria-label={t('dashboard.totals')}>
        <Tile id="received" label={t('dashboard.received')} value={totals.received} />
        <Tile id="done" label={t('dashboard.done')} value={totals.done} />
        <Tile id="on-time" label={t('dashboard.onTimeShare')} value={share(totals.onTimeShare)} />
        <Tile id="in-progress" label={t('dashboard.inProgress')} value={totals.inProgress} />
        <Tile
          id="overdue"
          label={t('dashboard.overdue')}
          value={totals.overdue}
          warn={totals.overdue > 0}
        />
        <Tile id="refused" label={t('dashboard.refused')} value={totals.refused} />
        <Tile
          id="days"
          label={t('dashboard.averageDays')}
          value={totals.averageDaysToDone === null ? '—' : totals.averageDaysToDone.toFixed(1)}
        />
      </ul>
      <div className="charts">
        <div className="card">
          <h3>{t('dashboard.weeksTitle')}</h3>
          {config ? (
            <ChartCanvas config={config} label={t('dashboard.weeksChart')} testId="weeks-chart" />
          ) : null}
          <details className="data-table">
            <summary>{t('dashboard.showFigures')}</summary>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.week')}</th>
                  <th scope="col" className="number">
                    {t('dashboard.received')}
                  </th>
                  <th scope="col" className="number">
                    {t('dashboard.done')}
                  </th>
                  <th scope="col" className="number">
                    {t('dashboard.onTimeShare')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {figures.data.weeks.map((w) => (
                  <tr key={w.week}>
                    <td>{formatDate(w.week)}</td>
                    <td className="number">{w.received}</td>
                    <td className="number">{w.done}</td>
                    <td className="number">{share(w.onTimeShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
        <div className="card">
          <h3>{t('dashboard.communesTitle')}</h3>
          {communes.length === 0 ? <p>{t('dashboard.noCommunes')}</p> : null}
          {communes.length > 0 ? (
            <table className="data" data-testid="communes">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.commune')}</th>
                  <th scope="col" className="number">
                    {t('dashboard.inProgress')}
                  </th>
                  <th scope="col" className="number">
                    {t('dashboard.overdue')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {communes.map((c) => (
                  <tr key={c.commune}>
                    <td>{c.commune}</td>
                    <td className="number">{c.inProgress}</td>
                    <td className="number">{c.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>
      <h3>{t('dashboard.stepsTitle')}</h3>
      <div className="table-wrap">
        <table className="data" data-testid="steps">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.procedure')}</th>
              <th scope="col">{t('dashboard.step')}</th>
              <th scope="col" className="number">
                {t('dashboard.received')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.done')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.onTimeShare')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.inProgress')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.overdue')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.refused')}
              </th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={`${s.procedure}:${s.step}:${s.agency}`}>
                <td>{t(`dashboard.procedures.${s.procedure}`, { defaultValue: s.procedure })}</td>
                <td>
                  {s.step === ''
                    ? t('dashboard.wholeDossier')
                    : `${s.step} (${t(`services.${s.agency}`, { ns: 'translation', defaultValue: s.agency })})`}
                </td>
                <td className="number">{s.received}</td>
                <td className="number">{s.done}</td>
                <td className="number">{share(s.onTimeShare)}</td>
                <td className="number">{s.inProgress}</td>
                <td className="number">{s.overdue}</td>
                <td className="number">{s.refused}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">
        {t('dashboard.generated', { time: formatDateTime(figures.data.generatedAt) })}
      </p>
    </section>
  );
}

/** Flow 9: the leader's dashboard of dossiers and look-ups, figures only, with CSV exports. */
export function DashboardPage() {
  const { t } = useTranslation('oversight');
  usePageTitle(t('dashboard.title'));
  const session = useSession();
  const member = session.data?.person.member ?? 'CIV';
  const [params, setParams] = useSearchParams();
  const asked = Object.fromEntries(SCOPE.map((s) => [s, params.get(s) ?? ''])) as Record<
    Scope,
    string
  >;
  const [typed, setTyped] = useState(asked);
  const query = Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== ''));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(Object.fromEntries(Object.entries(typed).filter(([, v]) => v.trim() !== '')));
  };
  const field = (name: Scope, type = 'text', extra: Record<string, string> = {}) => (
    <div className="field">
      <label htmlFor={`scope-${name}`}>{t(`dashboard.scope.${name}`)}</label>
      <input
        id={`scope-${name}`}
        type={type}
        value={typed[name]}
        onChange={(event) => setTyped({ ...typed, [name]: event.target.value })}
        {...extra}
      />
    </div>
  );
  return (
    <section>
      <h1>{t('dashboard.title')}</h1>
      <p className="lead">{t('dashboard.lead')}</p>
      <form className="card filters" onSubmit={submit} aria-label={t('dashboard.form')}>
        {field('from', 'date')}
        {field('to', 'date')}
        {field('commune', 'text', { inputMode: 'numeric', pattern: '[0-9]{5}' })}
        <div className="field">
          <label htmlFor="scope-procedure">{t('dashboard.scope.procedure')}</label>
          <select
            id="scope-procedure"
            value={typed.procedure}
            onChange={(event) => setTyped({ ...typed, procedure: event.target.value })}
          >
            <option value="">{t('dashboard.allProcedures')}</option>
            <option value="BIRTH">{t('dashboard.procedures.BIRTH')}</option>
            <option value="DEATH">{t('dashboard.procedures.DEATH')}</option>
          </select>
        </div>
        {field('agency', 'text', { placeholder: 'POP' })}
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t('dashboard.submit')}
          </button>
        </div>
      </form>
      <DossierFigures key={`d:${params.toString()}`} member={member} query={query} />
      <MessageFigures key={`m:${params.toString()}`} query={query} />
    </section>
  );
}
