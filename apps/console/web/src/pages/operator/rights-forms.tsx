import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type MembersControllerListResponse,
  type ServicesControllerListResponse,
} from '../../api/generated/trust';
import type { DraftChange } from './draft-change';

type Member = MembersControllerListResponse[number];
type Service = ServicesControllerListResponse[number];

function PartyFields(props: {
  legend: string;
  members: readonly Member[];
  member: string;
  subsystem: string;
  onChange: (member: string, subsystem: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const chosen = props.members.find((m) => m.code === props.member);
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div className="field">
        <label htmlFor={`${id}-member`}>{t('operator.rights.member')}</label>
        <select
          id={`${id}-member`}
          value={props.member}
          onChange={(event) => {
            const next = props.members.find((m) => m.code === event.target.value);
            props.onChange(event.target.value, next?.subsystems[0] ?? '');
          }}
        >
          {props.members.map((m) => (
            <option key={m.code} value={m.code}>
              {m.code} — {m.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-subsystem`}>{t('operator.rights.subsystem')}</label>
        <select
          id={`${id}-subsystem`}
          value={props.subsystem}
          onChange={(event) => props.onChange(props.member, event.target.value)}
        >
          {(chosen?.subsystems ?? []).map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

/**
 * The legal bases typed one per line as `procedure | code | citation`, grouped by procedure; the
 * trust service checks codes and procedures and answers a wrong line with its problem.
 */
export function legalBasesOf(text: string): Record<string, { code: string; citation: string }[]> {
  const byPurpose: Record<string, { code: string; citation: string }[]> = {};
  for (const line of text.split('\n')) {
    const [purpose, code, ...citation] = line.split('|').map((part) => part.trim());
    if (purpose && code) {
      (byPurpose[purpose] ??= []).push({ code, citation: citation.join('|').trim() });
    }
  }
  return byPurpose;
}

/** Adds an access right (consumer × service × purposes × fields) to the draft. */
export function GrantAccessRightForm(props: {
  members: readonly Member[];
  services: readonly Service[];
  onAdd: (change: DraftChange) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const first = props.members[0];
  const [member, setMember] = useState(first?.code ?? '');
  const [subsystem, setSubsystem] = useState(first?.subsystems[0] ?? '');
  const [serviceCode, setServiceCode] = useState(props.services[0]?.code ?? '');
  const [purposes, setPurposes] = useState('');
  const [fields, setFields] = useState<string[]>([]);
  const [bases, setBases] = useState('');
  const service = props.services.find((s) => s.code === serviceCode);
  const purposeList = purposes
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (purposeList.length === 0 || !service) {
      return;
    }
    props.onAdd({
      kind: 'grantAccessRight',
      consumer: { member, subsystem },
      service: service.code,
      purposes: purposeList,
      fields: service.fields.filter((f) => fields.includes(f)),
      legalBases: legalBasesOf(bases),
    });
    setPurposes('');
    setBases('');
    setFields([]);
  };
  return (
    <form className="form inline-form" onSubmit={submit}>
      <h3>{t('operator.rights.grantAccessTitle')}</h3>
      <PartyFields
        legend={t('operator.rights.consumer')}
        members={props.members}
        member={member}
        subsystem={subsystem}
        onChange={(m, s) => {
          setMember(m);
          setSubsystem(s);
        }}
      />
      <div className="field">
        <label htmlFor={`${id}-service`}>{t('operator.rights.service')}</label>
        <select
          id={`${id}-service`}
          value={serviceCode}
          onChange={(event) => {
            setServiceCode(event.target.value);
            setFields([]);
          }}
        >
          {props.services.map((s) => (
            <option key={`${s.code}-${s.version}`} value={s.code}>
              {s.code} — {s.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-purposes`}>{t('operator.rights.purposesInput')}</label>
        <input
          id={`${id}-purposes`}
          value={purposes}
          required
          aria-describedby={`${id}-purposes-hint`}
          onChange={(event) => setPurposes(event.target.value)}
        />
        <p className="hint" id={`${id}-purposes-hint`}>
          {t('operator.rights.purposesHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-bases`}>{t('operator.rights.legalBasesInput')}</label>
        <textarea
          id={`${id}-bases`}
          value={bases}
          rows={3}
          aria-describedby={`${id}-bases-hint`}
          onChange={(event) => setBases(event.target.value)}
        />
        <p className="hint" id={`${id}-bases-hint`}>
          {t('operator.rights.legalBasesHint')}
        </p>
      </div>
      <fieldset>
        <legend>{t('operator.rights.fieldsOffered')}</legend>
        <div className="checkbox-grid">
          {(service?.fields ?? []).map((field) => (
            <label key={field} className="checkbox">
              <input
                type="checkbox"
                checked={fields.includes(field)}
                onChange={(event) =>
                  setFields(
                    event.target.checked ? [...fields, field] : fields.filter((f) => f !== field),
                  )
                }
              />{' '}
              {field}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="button">
        {t('operator.rights.addToDraft')}
      </button>
    </form>
  );
}

/** Adds an event right (subscriber receives the publisher's events of one type) to the draft. */
export function GrantEventRightForm(props: {
  members: readonly Member[];
  onAdd: (change: DraftChange) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const first = props.members[0];
  const [member, setMember] = useState(first?.code ?? '');
  const [subsystem, setSubsystem] = useState(first?.subsystems[0] ?? '');
  const [publisher, setPublisher] = useState(first?.code ?? '');
  const [eventType, setEventType] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!eventType.trim()) {
      return;
    }
    props.onAdd({
      kind: 'grantEventRight',
      subscriber: { member, subsystem },
      publisher,
      eventType: eventType.trim(),
    });
    setEventType('');
  };
  return (
    <form className="form inline-form" onSubmit={submit}>
      <h3>{t('operator.rights.grantEventTitle')}</h3>
      <PartyFields
        legend={t('operator.rights.subscriber')}
        members={props.members}
        member={member}
        subsystem={subsystem}
        onChange={(m, s) => {
          setMember(m);
          setSubsystem(s);
        }}
      />
      <div className="field">
        <label htmlFor={`${id}-publisher`}>{t('operator.rights.publisher')}</label>
        <select
          id={`${id}-publisher`}
          value={publisher}
          onChange={(event) => setPublisher(event.target.value)}
        >
          {props.members.map((m) => (
            <option key={m.code} value={m.code}>
              {m.code} — {m.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-event-type`}>{t('operator.rights.eventType')}</label>
        <input
          id={`${id}-event-type`}
          value={eventType}
          required
          pattern="[a-z][a-z0-9\-]{1,63}"
          onChange={(event) => setEventType(event.target.value)}
        />
      </div>
      <button type="submit" className="button">
        {t('operator.rights.addToDraft')}
      </button>
    </form>
  );
}
