// Bytes of a text export → a string. HR systems produce UTF-8 (often with a BOM), Excel's "Unicode text"
// produces UTF-16, and older Windows tools produce Windows-1252; we accept all three.

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');
const windows1252 = new TextDecoder('windows-1252');

export type TextEncodingName = 'utf-8' | 'utf-16' | 'windows-1252';

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  // TextDecoder drops the matching byte-order mark itself.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: utf16le.decode(bytes), encoding: 'utf-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: utf16be.decode(bytes), encoding: 'utf-16' };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: every byte sequence is valid Windows-1252, the usual encoding of UK Windows exports.
    return { text: windows1252.decode(bytes), encoding: 'windows-1252' };
  }
}
