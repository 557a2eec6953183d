import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { adapterClient } from '../../api/clients';
import { deathsControllerRegister } from '../../api/generated/adapter';
import type { Person } from '../../api/session';
import type { RegistrationReceipt } from '../../api/views';
import { ProblemMessage } from '../../components/problem-message';
import { usePageTitle } from '../../layout/page-title';
import { useCatalog } from './catalog';
import { PERSON_SERVICE, PersonPicker, type PickedPerson } from './person-picker';
import {
  PurposeFields,
  effectiveProcedure,
  emptyPurpose,
  type PurposeInput,
} from './purpose-fields';

const COMMUNE = /^\d{5}$/;

/** What the family may choose, in order: each needs the ones before it. */
const OPTIONAL = ['FUNERAL_ALLOWANCE', 'SURVIVOR_BENEFIT'] as const;

/**
 * Flow 3, deaths: the deceased (and the declarant, if known) by personal id, each looked up and
 * confirmed by name, the date and place of death and the procedures the family chose.
 */
export function DeathPage(props: { person: Person }) {
  const { t } = useTranslation();
  usePageTitle(t('death.title'));
  const navigate = useNavigate();
  const member = props.person.member ?? '';
  const catalog = useCatalog(member);
  const id = useId();
  const [purpose, setPurpose] = useState<PurposeInput>(emptyPurpose);
  const [commune, setCommune] = useState('');
  const [deceased, setDeceased] = useState<PickedPerson>({ personalId: '' });
  const [declarant, setDeclarant] = useState<PickedPerson>({ personalId: '' });
  const [dateOfDeath, setDateOfDeath] = useState('');
  const [place, setPlace] = useState('');
  const [funeral, setFuneral] = useState(true);
  const [survivor, setSurvivor] = useState(false);
  const procedures = catalog.data?.services.find((s) => s.code === PERSON_SERVICE)?.purposes ?? [];
  const procedure = effectiveProcedure(procedures, purpose.procedure);
  const fullPurpose = { ...purpose, procedure };
  const chosen = [
    'DEATH_REGISTRATION',
    'RESIDENCE_REMOVAL',
    ...(funeral ? [OPTIONAL[0]] : []),
    ...(funeral && survivor ? [OPTIONAL[1]] : []),
  ];
  const register = useMutation({
    mutationFn: async () => {
      const { data } = await deathsControllerRegister({
        client: adapterClient(member),
        body: {
          communeCode: commune,
          deceasedPersonalId: deceased.personalId,
          dateOfDeath,
          placeOfDeath: place.trim(),
          procedures: chosen,
          ...(declarant.found ? { declarantPersonalId: declarant.personalId } : {}),
        },
      });
      return data as RegistrationReceipt;
    },
    onSuccess: (receipt) => {
      void navigate(`/officer/dossiers/${receipt.dossierId}`);
    },
  });
  const peopleReady =
    deceased.found !== undefined && (declarant.personalId === '' || declarant.found !== undefined);
  const ready = peopleReady && COMMUNE.test(commune) && dateOfDeath !== '' && place.trim() !== '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) {
      register.mutate();
    }
  };
  return (
    <section>
      <h1>{t('death.title')}</h1>
      <p className="lead">{t('death.lead')}</p>
      {catalog.isError ? <ProblemMessage error={catalog.error} /> : null}
      <form className="form card" onSubmit={submit} aria-busy={catalog.isPending}>
        <PurposeFields procedures={procedures} value={purpose} onChange={setPurpose} />
        <div className="field">
          <label htmlFor={`${id}-commune`}>{t('forms.commune')}</label>
          <input
            id={`${id}-commune`}
            inputMode="numeric"
            required
            pattern="\d{5}"
            maxLength={5}
            value={commune}
            aria-describedby={`${id}-commune-hint`}
            onChange={(event) => setCommune(event.target.value.trim())}
          />
          <p id={`${id}-commune-hint`} className="hint">
            {t('forms.communeHint')}
          </p>
        </div>
        <fieldset>
          <legend>{t('death.deceasedLegend')}</legend>
          <PersonPicker
            name="deceased"
            label={t('death.deceased')}
            member={member}
            purpose={fullPurpose}
            value={deceased}
            onChange={setDeceased}
            required
          />
          <div className="field">
            <label htmlFor={`${id}-date`}>{t('fields.dateOfDeath')}</label>
            <input
              id={`${id}-date`}
              type="date"
              required
              value={dateOfDeath}
              onChange={(event) => setDateOfDeath(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-place`}>{t('death.placeOfDeath')}</label>
            <input
              id={`${id}-place`}
              required
              maxLength={300}
              value={place}
              onChange={(event) => setPlace(event.target.value)}
            />
          </div>
        </fieldset>
        <PersonPicker
          name="declarant"
          label={t('death.declarant')}
          member={member}
          purpose={fullPurpose}
          value={declarant}
          onChange={setDeclarant}
        />
        <fieldset className="checks">
          <legend>{t('death.procedures')}</legend>
          <p className="hint">{t('death.proceduresHint')}</p>
          <label>
            <input
              type="checkbox"
              checked={funeral}
              onChange={(event) => setFuneral(event.target.checked)}
            />{' '}
            {t('dossier.stepNames.FUNERAL_ALLOWANCE')}
          </label>
          <label>
            <input
              type="checkbox"
              checked={funeral && survivor}
              disabled={!funeral}
              onChange={(event) => setSurvivor(event.target.checked)}
            />{' '}
            {t('dossier.stepNames.SURVIVOR_BENEFIT')}
          </label>
        </fieldset>
        <button type="submit" className="button primary" disabled={!ready || register.isPending}>
          {register.isPending ? t('forms.sending') : t('death.submit')}
        </button>
        {!peopleReady ? <p className="hint">{t('forms.lookUpFirst')}</p> : null}
      </form>
      {register.isError ? (
        <ProblemMessage error={register.error} title={t('forms.failed')} />
      ) : null}
    </section>
  );
}
