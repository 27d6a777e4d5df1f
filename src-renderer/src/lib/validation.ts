/**
 * A schema check the core failed a request with arrives as zod's issue list in JSON
 * (`[{ "origin": "number", "code": "too_small", ... }]`): said as one sentence in the person's
 * language, the JSON kept as the technical detail. Anything else is not one, and gets null.
 */
import i18next from 'i18next';

interface Issue {
  code: string;
  origin?: string;
  expected?: string;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
}

function issues(message: string): Issue[] | null {
  const s = message.trim();
  if (!s.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(s);
    if (!Array.isArray(parsed) || parsed.length === 0) return null;
    return parsed.every((i) => typeof i === 'object' && i !== null && typeof (i as { code?: unknown }).code === 'string') ? (parsed as Issue[]) : null;
  } catch {
    return null;
  }
}

function sayIssue(i: Issue): string {
  const numeric = i.origin === 'number';
  if (i.code === 'too_small' && numeric && typeof i.minimum === 'number') return i18next.t(i.inclusive === false ? 'validation.tooSmallExclusive' : 'validation.tooSmall', { minimum: i.minimum });
  if (i.code === 'too_big' && numeric && typeof i.maximum === 'number') return i18next.t(i.inclusive === false ? 'validation.tooBigExclusive' : 'validation.tooBig', { maximum: i.maximum });
  if (i.code === 'invalid_type' && i.expected === 'int') return i18next.t('validation.notWhole');
  return i18next.t('validation.invalid');
}

export function sayValidation(message: string): { text: string; detail: string } | null {
  const list = issues(message);
  return list ? { text: sayIssue(list[0]!), detail: message } : null;
}
