import { useTranslation } from 'react-i18next';
import type { ReasonParams } from '@shared/reasons';
import { type Said, sayCoded, sayReason } from '../lib/reasons';

/** The sentence, and its technical part folded underneath. */
export function SaidText({ said, className }: { said: Said; className?: string }) {
  const { t } = useTranslation();
  return (
    <span className={className} data-reason-code={said.code ?? undefined}>
      {said.text}
      {said.detail ? (
        <details className="reason-detail">
          <summary>{t('common.technicalDetails')}</summary>
          <pre>{said.detail}</pre>
        </details>
      ) : null}
    </span>
  );
}

/**
 * A reason the core sent, in the person's language: by its code when the core sent one
 * (a recording's statusCode), else recognised from the sentence; unknown ones as sent.
 */
export function ReasonText({ text, code, params, detail, className }: { text: string; code?: string | null; params?: ReasonParams | null; detail?: string | null; className?: string }) {
  // Re-rendered on a language switch through useTranslation inside SaidText's parent.
  useTranslation();
  const said = code ? sayCoded(code, params, text, detail ?? null) : sayReason(text);
  return <SaidText said={said.code === null ? { text, detail: null, code: null } : said} className={className} />;
}
