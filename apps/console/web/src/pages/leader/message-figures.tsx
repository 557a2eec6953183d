import { useQuery } from '@tanstack/react-query';
import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { auditClient } from '../../api/clients';
import { statisticsControllerMessages } from '../../api/generated/audit';
import type { MessageDashboardView } from '../../api/oversight-views';
import { ProblemMessage } from '../../components/problem-message';
import { formatDate } from '../../i18n/format';
import { ChartCanvas } from './chart-canvas';
import { GREEN, RED, Tile, share } from './dashboard-parts';

/** The look-ups between agencies per day, answered or refused by code, and documents sent. */
export function MessageFigures(props: { query: Record<string, string> }) {
  const { t } = useTranslation('oversight');
  const query = {
    kind: 'lookup',
    ...(props.query['from'] ? { from: props.query['from'] } : {}),
    ...(props.query['to'] ? { to: props.query['to'] } : {}),
    ...(props.query['agency'] ? { agency: props.query['agency'] } : {}),
  };
  const lookups = useQuery({
    queryKey: ['message-figures', query],
    queryFn: async () =>
      (await statisticsControllerMessages({ client: auditClient, query }))
        .data as MessageDashboardView,
  });
  const documents = useQuery({
    queryKey: ['message-figures', { ...query, kind: 'document' }],
    queryFn: async () =>
      (
        await statisticsControllerMessages({
          client: auditClient,
          query: { ...query, kind: 'document' },
        })
      ).data as MessageDashboardView,
  });
  const days = lookups.data?.days;
  const config = useMemo<ChartConfiguration<'bar' | 'line'> | undefined>(
    () =>
      days && {
        type: 'bar',
        data: {
          labels: days.map((d) => formatDate(d.day)),
          datasets: [
            {
              label: t('dashboard.answered'),
              data: days.map((d) => d.accepted),
              backgroundColor: GREEN,
            },
            {
              label: t('dashboard.refusedLookups'),
              data: days.map((d) => d.refused),
              backgroundColor: RED,
            },
          ],
        },
        options: {
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
        },
      },
    [days, t],
  );
  if (lookups.isPending) {
    return <p role="status">{t('common.loading', { ns: 'translation' })}</p>;
  }
  if (lookups.isError) {
    return <ProblemMessage error={lookups.error} />;
  }
  const { totals, pairs } = lookups.data;
  const csv = `/api/upstream/AUDIT/v1/statistics/messages.csv?${new URLSearchParams(query).toString()}`;
  const refusals = Object.entries(totals.refusals).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="lookups-title">
      <div className="toolbar">
        <h2 id="lookups-title">{t('dashboard.lookupsTitle')}</h2>
        <a className="button" href={csv} download>
          {t('dashboard.exportLookups')}
        </a>
      </div>
      <ul className="tiles" aria-label={t('dashboard.lookupTotals')}>
        <Tile id="lookups" label={t('dashboard.lookups')} value={totals.total} />
        <Tile id="answered" label={t('dashboard.answered')} value={totals.accepted} />
        <Tile
          id="answered-share"
          label={t('dashboard.answeredShare')}
          value={share(totals.acceptedShare)}
        />
        <Tile
          id="refused-lookups"
          label={t('dashboard.refusedLookups')}
          value={totals.refused}
          warn={totals.refused > 0}
        />
        <Tile
          id="documents"
          label={t('dashboard.documents')}
          value={documents.data?.totals.total ?? '—'}
        />
      </ul>
      <div className="charts">
        <div className="card">
          <h3>{t('dashboard.daysTitle')}</h3>
          {config ? (
            <ChartCanvas config={config} label={t('dashboard.daysChart')} testId="days-chart" />
          ) : null}
          <details className="data-table">
            <summary>{t('dashboard.showFigures')}</summary>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.day')}</th>
                  <th scope="col" className="number">
                    {t('dashboard.answered')}
                  </th>
                  <th scope="col" className="number">
                    {t('dashboard.refusedLookups')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lookups.data.days.map((d) => (
                  <tr key={d.day}>
                    <td>{formatDate(d.day)}</td>
                    <td className="number">{d.accepted}</td>
                    <td className="number">{d.refused}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
        <div className="card">
          <h3>{t('dashboard.refusalsTitle')}</h3>
          {refusals.length === 0 ? <p>{t('dashboard.noRefusals')}</p> : null}
          {refusals.length > 0 ? (
            <table className="data" data-testid="refusals">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.code')}</th>
                  <th scope="col" className="number">
                    {t('dashboard.count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {refusals.map(([code, count]) => (
                  <tr key={code}>
                    <td>
                      {t(code, { ns: 'problems', defaultValue: code })} (<code>{code}</code>)
                    </td>
                    <td className="number">{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>
      <h3>{t('dashboard.pairsTitle')}</h3>
      <div className="table-wrap">
        <table className="data" data-testid="pairs">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.consumer')}</th>
              <th scope="col">{t('dashboard.provider')}</th>
              <th scope="col" className="number">
                {t('dashboard.lookups')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.answeredShare')}
              </th>
            </tr>
          </thead>
          <tbody>
            {pairs.map((p) => (
              <tr key={`${p.sender}>${p.recipient}`}>
                <td>{t(`services.${p.sender}`, { ns: 'translation', defaultValue: p.sender })}</td>
                <td>
                  {t(`services.${p.recipient}`, { ns: 'translation', defaultValue: p.recipient })}
                </td>
                <td className="number">{p.total}</td>
                <td className="number">{share(p.acceptedShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
