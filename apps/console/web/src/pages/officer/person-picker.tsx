import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { adapterClient } from '../../api/clients';
import { lookupsControllerLookup } from '../../api/generated/adapter';
import type { LookupAnswerView } from '../../api/views';
import { checkPersonalId } from '../../components/identifier';
import { IdentifierInput } from '../../components/identifier-input';
import { ProblemMessage } from '../../components/problem-message';
import { formatDate } from '../../i18n/format';
import type { PurposeInput } from './purpose-fields';

/** The population registry's person service, through which parents and the deceased are found. */
export const PERSON_SERVICE = 'citizen-by-id';

/** A person named in a form by personal id, and what the look-up found (name, birth date). */
export interface PickedPerson {
  readonly personalId: string;
  readonly found?: { readonly fullName: string; readonly dateOfBirth?: string };
}

/**
 * A personal id, checked as it is typed, then looked up in the population registry (for the
 * form's purpose) so that the officer confirms the person by name instead of retyping them.
 */
export function PersonPicker(props: {
  label: string;
  name: string;
  member: string;
  purpose: PurposeInput;
  value: PickedPerson;
  onChange: (value: PickedPerson) => void;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const lookup = useMutation({
    mutationFn: async (personalId: string) => {
      const { data } = await lookupsControllerLookup({
        client: adapterClient(props.member),
        path: { service: PERSON_SERVICE },
        body: { purpose: props.purpose, query: { personalId } },
      });
      return data as LookupAnswerView;
    },
    onSuccess: (answer, personalId) => {
      const record = answer.record ?? {};
      const birth = record['dateOfBirth'];
      props.onChange({
        personalId,
        ...(answer.status === 'FOUND'
          ? {
              found: {
                fullName: typeof record['fullName'] === 'string' ? record['fullName'] : '',
                ...(typeof birth === 'string'
                  ? { dateOfBirth: birth }
                  : typeof (birth as { value?: unknown } | undefined)?.value === 'string'
                    ? { dateOfBirth: (birth as { value: string }).value }
                    : {}),
              },
            }
          : {}),
      });
    },
  });
  const valid = checkPersonalId(props.value.personalId).state === 'valid';
  const purposeGiven = props.purpose.legalBasis !== '' && props.purpose.caseId !== '';
  return (
    <div className="person-picker">
      <IdentifierInput
        name={props.name}
        label={props.label}
        value={props.value.personalId}
        onChange={(personalId) => {
          lookup.reset();
          props.onChange({ personalId });
        }}
        check={checkPersonalId}
        {...(props.required ? { required: true } : {})}
      />
      <button
        type="button"
        className="button"
        disabled={!valid || !purposeGiven || lookup.isPending}
        onClick={() => lookup.mutate(props.value.personalId)}
      >
        {t('forms.lookUpPerson', { label: props.label })}
      </button>
      {!purposeGiven && valid ? <p className="hint">{t('forms.purposeFirst')}</p> : null}
      {props.value.found ? (
        <p className="person-found" role="status" data-testid={`${props.name}-found`}>
          ✓ {props.value.found.fullName}
          {props.value.found.dateOfBirth
            ? ` — ${t('fields.dateOfBirth')} ${formatDate(props.value.found.dateOfBirth)}`
            : ''}
        </p>
      ) : null}
      {lookup.isSuccess && !props.value.found ? (
        <p className="problem" role="alert">
          {t('forms.personNotFound')}
        </p>
      ) : null}
      {lookup.isError ? <ProblemMessage error={lookup.error} /> : null}
    </div>
  );
}
