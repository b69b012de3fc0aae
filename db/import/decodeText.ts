// Bytes of a text export → a string. HR systems produce UTF-8 (often with a BOM), Excel's "Unicode text"
// produces UTF-16, and older Windows tools produce Windows-1252; we accept all three, decided per file.
//
// A file that is UTF-8 but for a few damaged bytes stays UTF-8: reading it all as Windows-1252 would turn
// every accented name into mojibake ("Siân" → "SiÃ¢n") without a word. The damaged bytes become U+FFFD and
// the importer refuses the cells that hold them, naming row and column.

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');
const windows1252 = new TextDecoder('windows-1252');

export type TextEncodingName = 'utf-8' | 'utf-16' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** UTF-8 with bytes that are not: each became U+FFFD, and a cell holding one must be refused. */
  damagedBytes: number;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  // TextDecoder drops the matching byte-order mark itself.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: utf16le.decode(bytes), encoding: 'utf-16', damagedBytes: 0 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: utf16be.decode(bytes), encoding: 'utf-16', damagedBytes: 0 };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8', damagedBytes: 0 };
  } catch {
    const { valid, invalid } = countUtf8Sequences(bytes);
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    // Any well-formed multi-byte character (or a UTF-8 byte-order mark) says the file was written as UTF-8:
    // Windows-1252 text almost never forms one by chance, and when it does its accented letters are refused
    // loudly rather than misread quietly. A file with none is Windows-1252, the usual encoding of UK Windows
    // exports.
    if (hasBom || valid > 0) return { text: utf8Lenient.decode(bytes), encoding: 'utf-8', damagedBytes: invalid };
    return { text: windows1252.decode(bytes), encoding: 'windows-1252', damagedBytes: 0 };
  }
}

/** Well-formed multi-byte UTF-8 sequences, and bytes that start or belong to none. */
function countUtf8Sequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      valid += 1;
      i += length;
    } else {
      invalid += 1;
      i += 1;
    }
  }
  return { valid, invalid };
}
