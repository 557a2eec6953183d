import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { auditClient } from '../../api/clients';
import { logHealthControllerHealth } from '../../api/generated/audit';
import type { LogHealthView } from '../../api/oversight-views';
import { ProblemMessage } from '../../components/problem-message';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import './oversight.css';

/** Flow 4: the log's latest checkpoint, its cosigners, each witness and the witnesses' alarms. */
export function HealthPage() {
  const { t } = useTranslation('oversight');
  usePageTitle(t('health.title'));
  const health = useQuery({
    queryKey: ['log-health'],
    queryFn: async () =>
      (await logHealthControllerHealth({ client: auditClient })).data as LogHealthView,
    refetchInterval: 30_000,
  });
  return (
    <section>
      <h1>{t('health.title')}</h1>
      <p className="lead">{t('health.lead')}</p>
      {health.isPending ? <p role="status">{t('common.loading', { ns: 'translation' })}</p> : null}
      {health.isError ? <ProblemMessage error={health.error} /> : null}
      {health.data ? <HealthView health={health.data} /> : null}
    </section>
  );
}

function HealthView(props: { health: LogHealthView }) {
  const { t } = useTranslation('oversight');
  const { health } = props;
  const latest = health.latestCheckpoint;
  const alarming = health.alarms.length > 0 || !health.alarmsKnown;
  return (
    <>
      <p
        className={`verdict ${alarming ? 'bad' : 'ok'}`}
        role="status"
        data-testid="health-verdict"
      >
        {!health.alarmsKnown
          ? t('health.alarmsUnknown')
          : health.alarms.length > 0
            ? t('health.alarming', { count: health.alarms.length })
            : t('health.healthy')}
      </p>
      <section className="card" aria-labelledby="checkpoint-title">
        <h2 id="checkpoint-title">{t('health.checkpoint')}</h2>
        {latest ? (
          <dl className="facts" data-testid="checkpoint">
            <div>
              <dt>{t('health.logSize')}</dt>
              <dd>{health.size}</dd>
            </div>
            <div>
              <dt>{t('health.size')}</dt>
              <dd>{latest.size}</dd>
            </div>
            <div>
              <dt>{t('health.signedAt')}</dt>
              <dd>
                {formatDateTime(latest.signedAt)} ({t('health.age', { seconds: latest.ageSeconds })}
                )
              </dd>
            </div>
            <div>
              <dt>{t('health.pending')}</dt>
              <dd>{latest.pending}</dd>
            </div>
            <div>
              <dt>{t('health.root')}</dt>
              <dd>
                <code className="type">{latest.rootHash}</code>
              </dd>
            </div>
          </dl>
        ) : (
          <p>{t('health.noCheckpoint')}</p>
        )}
        <h3>{t('health.cosigners', { count: health.cosigners.length })}</h3>
        {health.cosigners.length === 0 ? <p>{t('health.noCosigners')}</p> : null}
        <ul className="plain-list" data-testid="cosigners">
          {health.cosigners.map((c) => (
            <li key={`${c.member}/${c.subsystem}`}>
              {c.member}/{c.subsystem} — {formatDateTime(c.at)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="witnesses-title">
        <h2 id="witnesses-title">{t('health.witnesses')}</h2>
        <div className="table-wrap">
          <table className="data" data-testid="witnesses">
            <thead>
              <tr>
                <th scope="col">{t('health.witness')}</th>
                <th scope="col">{t('health.lastCosigned')}</th>
                <th scope="col">{t('health.state')}</th>
              </tr>
            </thead>
            <tbody>
              {health.witnesses.map((w) => (
                <tr key={`${w.member}/${w.subsystem}`}>
                  <td>
                    {w.member}/{w.subsystem}
                  </td>
                  <td>
                    {w.lastCosigned
                      ? t('health.cosignedAt', {
                          size: w.lastCosigned.size,
                          time: formatDateTime(w.lastCosigned.at),
                        })
                      : t('health.never')}
                  </td>
                  <td>
                    <span className={`badge ${w.behind ? 'bad' : 'ok'}`}>
                      {w.behind ? t('health.behind') : t('health.upToDate')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="alarms-title">
        <h2 id="alarms-title">{t('health.alarms')}</h2>
        {health.alarms.length === 0 ? <p>{t('health.noAlarms')}</p> : null}
        {health.alarms.length > 0 ? (
          <div className="table-wrap">
            <table className="data" data-testid="alarms">
              <thead>
                <tr>
                  <th scope="col">{t('health.witness')}</th>
                  <th scope="col">{t('health.alarm')}</th>
                  <th scope="col">{t('health.at')}</th>
                  <th scope="col">{t('health.reason')}</th>
                  <th scope="col" className="number">
                    {t('health.count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {health.alarms.map((a) => (
                  <tr key={`${a.member}:${a.code}:${a.at}`}>
                    <td>{a.member}</td>
                    <td>
                      {t(a.code, { ns: 'problems', defaultValue: a.code })} (<code>{a.code}</code>)
                    </td>
                    <td>{formatDateTime(a.at)}</td>
                    <td>{a.reason}</td>
                    <td className="number">{a.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
