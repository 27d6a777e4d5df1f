import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibrary } from '../../store/library';
import { RelocateDialog } from './RelocateDialog';

/** Settings → Move the library: where it is now, and "Move library to…". */
export function RelocateCard() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const root = useLibrary((s) => s.info?.root);
  return (
    <div className="card">
      <h2>{t('relocateCard.title')}</h2>
      <p className="muted">{t('relocateCard.intro')}</p>
      <p className="muted">{t('relocateCard.at', { path: root ?? '' })}</p>
      <div className="row gap">
        <button onClick={() => setOpen(true)}>{t('relocateCard.open')}</button>
      </div>
      {open ? <RelocateDialog onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
