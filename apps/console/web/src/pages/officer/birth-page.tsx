import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { adapterClient } from '../../api/clients';
import { birthsControllerRegister } from '../../api/generated/adapter';
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

/** Whether a named person has been looked up and found (or is left empty when optional). */
function settled(person: PickedPerson): boolean {
  return person.personalId === '' || person.found !== undefined;
}

/**
 * Flow 3, births: the child's particulars and the parents by personal id, each looked up in the
 * population registry and confirmed by name; then the dossier page, which follows the steps.
 */
export function BirthPage(props: { person: Person }) {
  const { t } = useTranslation();
  usePageTitle(t('birth.title'));
  const navigate = useNavigate();
  const member = props.person.member ?? '';
  const catalog = useCatalog(member);
  const id = useId();
  const [purpose, setPurpose] = useState<PurposeInput>(emptyPurpose);
  const [commune, setCommune] = useState('');
  const [fullName, setFullName] = useState('');
  const [sex, setSex] = useState<'MALE' | 'FEMALE'>('FEMALE');
  const [birthDate, setBirthDate] = useState('');
  const [place, setPlace] = useState('');
  const [father, setFather] = useState<PickedPerson>({ personalId: '' });
  const [mother, setMother] = useState<PickedPerson>({ personalId: '' });
  const [household, setHousehold] = useState<'mother' | 'father'>('mother');
  const procedures = catalog.data?.services.find((s) => s.code === PERSON_SERVICE)?.purposes ?? [];
  const procedure = effectiveProcedure(procedures, purpose.procedure);
  const fullPurpose = { ...purpose, procedure };
  const register = useMutation({
    mutationFn: async () => {
      const residenceParent = household === 'father' ? father : mother;
      const { data } = await birthsControllerRegister({
        client: adapterClient(member),
        body: {
          communeCode: commune,
          child: { fullName: fullName.trim(), sex, birthDate, placeOfBirth: place.trim() },
          ...(father.personalId ? { fatherPersonalId: father.personalId } : {}),
          ...(mother.personalId ? { motherPersonalId: mother.personalId } : {}),
          ...(residenceParent.personalId
            ? { residenceParentPersonalId: residenceParent.personalId }
            : {}),
        },
      });
      return data as RegistrationReceipt;
    },
    onSuccess: (receipt) => {
      void navigate(`/officer/dossiers/${receipt.dossierId}`);
    },
  });
  const parentsReady =
    (father.found !== undefined || mother.found !== undefined) &&
    settled(father) &&
    settled(mother);
  const ready =
    parentsReady &&
    COMMUNE.test(commune) &&
    fullName.trim() !== '' &&
    birthDate !== '' &&
    place.trim() !== '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) {
      register.mutate();
    }
  };
  return (
    <section>
      <h1>{t('birth.title')}</h1>
      <p className="lead">{t('birth.lead')}</p>
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
          <legend>{t('birth.child')}</legend>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('fields.fullName')}</label>
            <input
              id={`${id}-name`}
              required
              maxLength={200}
              value={fullName}
              onChange={(event) => setFullName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-sex`}>{t('fields.sex')}</label>
            <select
              id={`${id}-sex`}
              value={sex}
              onChange={(event) => setSex(event.target.value as 'MALE' | 'FEMALE')}
            >
              <option value="FEMALE">{t('values.sex.FEMALE')}</option>
              <option value="MALE">{t('values.sex.MALE')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-birth`}>{t('fields.dateOfBirth')}</label>
            <input
              id={`${id}-birth`}
              type="date"
              required
              value={birthDate}
              onChange={(event) => setBirthDate(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-place`}>{t('birth.placeOfBirth')}</label>
            <input
              id={`${id}-place`}
              required
              maxLength={300}
              placeholder={t('birth.placeExample')}
              value={place}
              onChange={(event) => setPlace(event.target.value)}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('birth.parents')}</legend>
          <p className="hint">{t('birth.parentsHint')}</p>
          <PersonPicker
            name="mother"
            label={t('birth.mother')}
            member={member}
            purpose={fullPurpose}
            value={mother}
            onChange={setMother}
          />
          <PersonPicker
            name="father"
            label={t('birth.father')}
            member={member}
            purpose={fullPurpose}
            value={father}
            onChange={setFather}
          />
          <div className="field">
            <label htmlFor={`${id}-household`}>{t('birth.household')}</label>
            <select
              id={`${id}-household`}
              value={household}
              onChange={(event) => setHousehold(event.target.value as 'mother' | 'father')}
            >
              <option value="mother">{t('birth.mother')}</option>
              <option value="father">{t('birth.father')}</option>
            </select>
          </div>
        </fieldset>
        <button type="submit" className="button primary" disabled={!ready || register.isPending}>
          {register.isPending ? t('forms.sending') : t('birth.submit')}
        </button>
        {!parentsReady ? <p className="hint">{t('forms.lookUpFirst')}</p> : null}
      </form>
      {register.isError ? (
        <ProblemMessage error={register.error} title={t('forms.failed')} />
      ) : null}
    </section>
  );
}
