// Which reader a file needs, from its name or, when the name does not say, its first bytes.

export type ImportFormat = 'csv' | 'xlsx';

/** By file extension: .csv/.tsv/.txt are text, .xlsx/.xlsm are workbooks; anything else is unknown (null). */
export function detectFormat(fileName: string): ImportFormat | null {
  const extension = /\.([^./\\]+)$/.exec(fileName.toLowerCase())?.[1];
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') return 'csv';
  if (extension === 'xlsx' || extension === 'xlsm') return 'xlsx';
  return null;
}

/** What the bytes say: a zip is a workbook, an OLE2 file is the old binary .xls we cannot read. */
export function sniffFormat(bytes: Uint8Array): ImportFormat | 'xls' | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  return null;
}

export function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}
