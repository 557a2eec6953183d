import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adapterClient } from '../../api/clients';
import { lookupsControllerLookup } from '../../api/generated/adapter';
import type { Person } from '../../api/session';
import type { LookupAnswerView } from '../../api/views';
import { checkerFor } from '../../components/identifier';
import { IdentifierInput } from '../../components/identifier-input';
import { ProblemMessage } from '../../components/problem-message';
import { usePageTitle } from '../../layout/page-title';
import { LookupResult } from './lookup-result';
import { EvidenceFileCheck } from './evidence-file-check';
import { useCatalog, type CatalogService } from './catalog';
import {
  PurposeFields,
  effectiveLegalBasis,
  effectiveProcedure,
  emptyPurpose,
  type PurposeInput,
} from './purpose-fields';

/**
 * Flow 1: a purpose-bound look-up. The officer picks a service their agency may use and a
 * procedure and one of the legal bases its right allows for it (from the signed configuration),
 * states the case, and types the identifier, which is checked as it is typed.
 */
export function LookupPage(props: { person: Person }) {
  const { t } = useTranslation();
  usePageTitle(t('lookup.title'));
  const member = props.person.member ?? '';
  const catalog = useCatalog(member);
  const [serviceCode, setServiceCode] = useState('');
  const [purpose, setPurpose] = useState<PurposeInput>(emptyPurpose);
  const [identifier, setIdentifier] = useState('');
  const serviceId = useId();
  const services = catalog.data?.services ?? [];
  const service: CatalogService | undefined =
    services.find((s) => s.code === serviceCode) ?? services[0];
  const check = checkerFor(service?.queryField);
  const procedure = effectiveProcedure(service?.purposes ?? [], purpose.procedure);
  const legalBasis = effectiveLegalBasis(service?.legalBases[procedure] ?? [], purpose.legalBasis);
  const lookup = useMutation({
    mutationFn: async () => {
      if (!service) {
        throw new Error('no service');
      }
      const { data } = await lookupsControllerLookup({
        client: adapterClient(member),
        path: { service: service.code },
        body: {
          purpose: { ...purpose, procedure, legalBasis },
          query: { [service.queryField ?? 'personalId']: identifier },
        },
      });
      return { answer: data as LookupAnswerView, service, procedure, at: Date.now() };
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check(identifier).state === 'valid') {
      lookup.mutate();
    }
  };
  if (catalog.isError) {
    return (
      <section>
        <h1>{t('lookup.title')}</h1>
        <ProblemMessage error={catalog.error} />
      </section>
    );
  }
  return (
    <section>
      <h1>{t('lookup.title')}</h1>
      <p className="lead">{t('lookup.lead')}</p>
      <form className="form card" onSubmit={submit} aria-busy={catalog.isPending}>
        <div className="field">
          <label htmlFor={serviceId}>{t('lookup.service')}</label>
          <select
            id={serviceId}
            value={service?.code ?? ''}
            onChange={(event) => {
              setServiceCode(event.target.value);
              setPurpose({ ...purpose, procedure: '' });
            }}
          >
            {services.map((s) => (
              <option key={s.code} value={s.code}>
                {t(`catalog.${s.code}`, { defaultValue: s.title })} —{' '}
                {s.provider.name || s.provider.member}
              </option>
            ))}
          </select>
        </div>
        <PurposeFields
          procedures={service?.purposes ?? []}
          legalBases={service?.legalBases ?? {}}
          value={purpose}
          onChange={setPurpose}
        />
        <IdentifierInput
          name="identifier"
          label={t(`fields.${service?.queryField ?? 'personalId'}`)}
          value={identifier}
          onChange={setIdentifier}
          check={check}
          required
        />
        <button type="submit" className="button primary" disabled={lookup.isPending || !service}>
          {lookup.isPending ? t('lookup.asking') : t('lookup.submit')}
        </button>
      </form>
      {lookup.isError ? <ProblemMessage error={lookup.error} title={t('lookup.failed')} /> : null}
      {lookup.data ? (
        <LookupResult
          key={lookup.data.at}
          answer={lookup.data.answer}
          service={lookup.data.service}
          procedure={lookup.data.procedure}
          agency={member}
        />
      ) : null}
      <EvidenceFileCheck />
    </section>
  );
}
