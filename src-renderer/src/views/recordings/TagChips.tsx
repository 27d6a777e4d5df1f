/**
 * A recording's tags as small chips in a table row or grid card: the first few, then "+N". A chip
 * searches "#tag" (tags only); it stops the click so the row is not opened as well.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useRecordings } from '../../store/recordings';
import './tag-chips.css';

const SHOWN = 3;

interface Props {
  tags: readonly string[];
  className?: string;
}

export function TagChips(props: Props) {
  const { t } = useTranslation();
  return <TagChipList {...props} t={t} />;
}

/** The chips with the caller's `t`: a table row takes it from its table (one i18n subscription per table, not per row). */
export function TagChipList({ tags, className = '', t }: Props & { t: TFunction }) {
  if (!tags.length) return null;
  const rest = tags.slice(SHOWN);
  return (
    <span className={`tag-chips ${className}`}>
      <span className="tag-chips-list">
        {tags.slice(0, SHOWN).map((tag) => (
          <button
            key={tag}
            type="button"
            className="row-tag"
            // The row (or card) is the tab stop, as for the row's checkbox; the search box finds "#tag" too.
            tabIndex={-1}
            aria-label={t('tagChips.search', { tag })}
            title={t('tagChips.search', { tag })}
            onMouseDown={(e) => e.stopPropagation()}
            onClick={(e) => {
              e.stopPropagation();
              useRecordings.getState().setFilters({ search: `#${tag}` });
            }}
          >
            #{tag}
          </button>
        ))}
      </span>
      {rest.length ? (
        <span className="row-tag-more muted" title={t('tagChips.moreTitle', { tags: rest.join(', ') })}>
          {t('tagChips.more', { n: rest.length })}
        </span>
      ) : null}
    </span>
  );
}
