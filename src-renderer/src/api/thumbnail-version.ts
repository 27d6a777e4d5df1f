/**
 * The cache key of a recording's thumbnail URL: its own file's version when it has one, else its
 * template and that template's image, so an upload, a removal or a new template image all change the URL.
 */
export function thumbnailVersion(
  rec: { templateId: number | null; thumbnailVersion: string | null },
  template: { thumbnail: string | null; thumbnailScope: string } | undefined,
): string {
  if (rec.thumbnailVersion) return `own-${rec.thumbnailVersion}`;
  if (rec.templateId === null) return 'none';
  // A template without a picture has none to give: the recording's poster shows instead.
  if (template && !template.thumbnail) return 'none';
  return `t${rec.templateId}-${template ? `${template.thumbnailScope}-${template.thumbnail ?? ''}` : ''}`;
}
