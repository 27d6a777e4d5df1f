import { useTranslation } from 'react-i18next';
import type { RecordingFile } from '@shared/domain';
import { useFormat } from '../../../i18n/useFormat';

/** The recording's files in the library: kind, file name and size. */
export function DetailFiles({ files }: { files: RecordingFile[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <>
      <h3>{t('detail.files')}</h3>
      <table className="files">
        <tbody>
          {files.map((f) => (
            <tr key={f.id}>
              <td className="kind">{t(`detail.fileKinds.${f.kind}`)}</td>
              <td className="path" title={f.path}>{f.path.split('/').pop()}</td>
              <td className="num">{fmt.bytes(f.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
