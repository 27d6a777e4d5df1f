import type { RecordingFile } from '@shared/domain';
import { formatBytes } from '../../../format';

/** The recording's files in the library: kind, file name and size. */
export function DetailFiles({ files }: { files: RecordingFile[] }) {
  return (
    <>
      <h3>Files</h3>
      <table className="files">
        <tbody>
          {files.map((f) => (
            <tr key={f.id}>
              <td className="kind">{f.kind}</td>
              <td className="path" title={f.path}>{f.path.split('/').pop()}</td>
              <td className="num">{formatBytes(f.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
