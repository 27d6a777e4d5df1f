import { useTranslation } from 'react-i18next';
import type { RuleError } from '@shared/channels/templates';
import { ReasonText } from '../../components/ReasonText';
import type { Draft, ListField } from './draft';

const FIELDS: ListField[] = ['keywords', 'exact', 'patterns', 'excludeKeywords', 'excludePatterns'];

export function FieldErrors({ errors }: { errors: RuleError[] }) {
  return errors.map((e, i) => (
    <em key={i} className="field-error" role="alert">
      <ReasonText text={e.message} />
    </em>
  ));
}

/** The five rule lists, one textarea each, with the core's validation under each. */
export function RuleFields({ draft, setDraft, errorsOf }: { draft: Draft; setDraft: (d: Draft) => void; errorsOf: (f: RuleError['field']) => RuleError[] }) {
  const { t } = useTranslation();
  return FIELDS.map((f) => (
    <label key={f} className="field">
      <span>
        {t(`editor.fields.${f}`)} <small className="muted">— {t(`editor.fields.${f}Hint`)}</small>
      </span>
      <textarea
        aria-label={t(`editor.fields.${f}`)}
        rows={f === 'keywords' ? 3 : 2}
        spellCheck={false}
        value={draft.lists[f]}
        aria-invalid={errorsOf(f).length > 0}
        onChange={(e) => setDraft({ ...draft, lists: { ...draft.lists, [f]: e.target.value } })}
      />
      <FieldErrors errors={errorsOf(f)} />
    </label>
  ));
}
