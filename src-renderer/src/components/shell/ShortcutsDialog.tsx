import { useTranslation } from 'react-i18next';
import { Dialog } from '../Dialog';

/** The keyboard shortcuts, each with its keys; keys are message keys too (Ctrl vs ⌘ is the reader's to know). */
const SHORTCUTS = ['move', 'extend', 'open', 'play', 'delete', 'undo', 'selectAll', 'toggle', 'search', 'rename', 'close', 'help'] as const;

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('keys.title')} onClose={onClose} actions={<button onClick={onClose}>{t('common.close')}</button>}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((k) => (
            <tr key={k}>
              <th scope="row">
                <kbd>{t(`keys.${k}.keys`)}</kbd>
              </th>
              <td>{t(`keys.${k}.what`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
