import { useTranslation } from 'react-i18next';
import { sayReason } from '../../lib/reasons';

/** Paths with the reason each was not handled as planned (unaccounted, left in place, kept). */
export function RefusalList({ items, label }: { items: { path: string; reason: string }[]; label?: string }) {
  useTranslation(); // re-rendered in the new language on a switch
  return (
    <ul className="refusals" aria-label={label}>
      {items.map((u) => (
        <li key={u.path}>
          <span className="path">{u.path}</span> — <span className="reason">{sayReason(u.reason).text}</span>
        </li>
      ))}
    </ul>
  );
}
