// A small hand-written XML scanner for the two large parts of an XLSX, the worksheet and the shared strings:
// fed the text as it inflates, it hands each element's local name and the text of the elements its handler
// collects to that handler, and refuses what is not well-formed XML. A general parser spent most of a
// 100,000-row import building objects for every tag and attribute; this one builds only the cell strings.
//
// Deliberately not a general parser: no DTD (a DOCTYPE is refused, so no entity can expand), only the five
// predefined entities and character references, names matched by their local part (x:row is row).
//
// It reads either text or, for a worksheet, the part's UTF-8 bytes one character a byte (`{ bytes: true }`:
// each piece written with its bytes, cut between characters): markup is all ASCII, so it is found the same
// way, and only what is handed on — text, attribute values, words in a refusal — is decoded. That saves
// decoding a whole sheet only to slice its cells out again, and lets the handler read cells from the bytes.

/** The part is not well-formed XML; `message` says where in the markup, in words. */
export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** What a scanner reports to: element starts and ends, and text while `collecting` is true. */
export interface XmlHandler {
  /** Text is decoded and handed over only while this is true (inside an element whose value is wanted). */
  collecting: boolean;
  open(name: string, tag: XmlScanner, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
  /**
   * A shortcut for the one element a large part repeats millions of times (a worksheet's <c>), when the
   * scanner reads bytes: given the text, its bytes (the same positions) and where "<c" starts, reads the
   * whole element if it has the usual shape and returns where it ends; -1 hands it to the general path
   * (which also reports anything malformed).
   */
  fastCell?(text: string, bytes: Buffer, at: number): number;
}

/** Text from `{ bytes: true }` scanning (one character a byte of UTF-8) as the characters it encodes. */
export function fromBytes(raw: string): string {
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) >= 0x80) return Buffer.from(raw, 'latin1').toString('utf8');
  return raw;
}

/** Markup (a tag, a comment, a CDATA section) longer than this is not from any spreadsheet program. */
const MAX_MARKUP = 4 * 1024 * 1024;
/** How much of a new piece is joined to an unfinished one left from the last. */
const JOIN = 4096;

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const QUOTE = 34; // "
const APOS = 39; // '
const EQUALS = 61; // =
const BANG = 33; // !
const QUESTION = 63; // ?
const AMP = 38; // &

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Ends a name: whitespace, >, / or = (and anything XML would not allow there, caught later). */
function endsName(code: number): boolean {
  return code === GT || code === SLASH || code === EQUALS || isSpace(code) || code === LT || code === QUOTE || code === APOS;
}

export class XmlScanner {
  /** Text not yet consumed: at most the start of one unfinished piece of markup or entity. */
  private buffer = '';
  private readonly open: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  // The tag being reported to the handler: for each attribute, where its name and value lie in `buffer`.
  private readonly spans: number[] = new Array<number>(64).fill(0);
  private attributeCount = 0;
  /** The string `scan` is reading, which the spans point into. */
  private scanning = '';
  /** Whether the text written is UTF-8 bytes, one character each. */
  private readonly bytes: boolean;

  constructor(
    private readonly handler: XmlHandler,
    options: { bytes?: boolean } = {},
  ) {
    this.bytes = options.bytes === true;
  }

  /**
   * Scans `text`, the next piece of the part; an unfinished tag or entity at its end waits for the next piece.
   * Reading bytes, `text` is the piece's bytes one character each (`bytes` themselves, if at hand, save
   * making them again) and must end between characters.
   */
  write(text: string, bytes?: Buffer): void {
    const tail = this.buffer;
    if (tail.length === 0) {
      this.keep(text, this.scan(text, 0, this.bytesOf(text, bytes)));
      return;
    }
    // The unfinished piece is joined to the start of the new text only, so that the rest is scanned where it
    // lies rather than copied into one joined string (reading bytes, cut between characters).
    let cut = JOIN;
    if (this.bytes) while (cut < text.length && (text.charCodeAt(cut) & 0xc0) === 0x80) cut++;
    const head = text.length > cut ? tail + text.slice(0, cut) : tail + text;
    const consumed = this.scan(head, 0, this.bytesOf(head));
    if (head.length === tail.length + text.length) this.keep(head, consumed);
    else if (consumed >= tail.length) this.keep(text, this.scan(text, consumed - tail.length, this.bytesOf(text, bytes)));
    else {
      const whole = tail + text;
      this.keep(whole, this.scan(whole, consumed, this.bytesOf(whole)));
    }
  }

  private bytesOf(text: string, bytes?: Buffer): Buffer | null {
    if (!this.bytes) return null;
    return bytes ?? Buffer.from(text, 'latin1');
  }

  /** Text of the part as it is to be handed on. */
  private decoded(raw: string): string {
    return this.bytes ? fromBytes(raw) : raw;
  }

  /** Keeps what `scan` left of `b` for the next piece, within bounds. */
  private keep(b: string, consumed: number): void {
    this.buffer = consumed === b.length ? '' : b.slice(consumed);
    if (this.buffer.length > MAX_MARKUP) throw new XmlSyntaxError(`a tag or a section longer than ${MAX_MARKUP.toLocaleString('en-GB')} characters`);
  }

  /** The part has ended: anything left open means it was cut short. */
  close(): void {
    if (this.buffer.trim() !== '') throw new XmlSyntaxError(`it stops part-way through a tag (${JSON.stringify(this.decoded(this.buffer.slice(0, 40)))})`);
    if (!this.rootSeen) throw new XmlSyntaxError('it holds no element at all');
    if (this.open.length > 0) throw new XmlSyntaxError(`it stops part-way, inside <${this.decoded(this.open.at(-1)!)}>`);
  }

  /**
   * The current tag's attributes, by (qualified) name: `out[i]` gets the value of `names[i]`, or undefined
   * when the tag has none. Only for use inside the handler's `open`.
   */
  attributes(names: readonly string[], out: (string | undefined)[]): void {
    const b = this.scanning;
    const spans = this.spans;
    for (let n = 0; n < names.length; n++) {
      const name = names[n] as string;
      let value: string | undefined;
      for (let a = 0; a < this.attributeCount; a++) {
        const nameStart = spans[a * 4] as number;
        if ((spans[a * 4 + 1] as number) - nameStart === name.length && b.startsWith(name, nameStart)) {
          const raw = this.decoded(b.slice(spans[a * 4 + 2] as number, spans[a * 4 + 3] as number));
          value = raw.indexOf('&') === -1 ? raw : decodeEntities(raw);
          break;
        }
      }
      out[n] = value;
    }
  }

  /**
   * For reading a value in place, without a new string: the number of the current tag's attribute `name`
   * (its value lies in `source` from `valueStart(a)` to `valueEnd(a)`); -1 when the tag has none, -2 when
   * its value holds an entity (read that one with `attributes`). Only for use inside the handler's `open`.
   */
  attributeAt(name: string): number {
    const b = this.scanning;
    const spans = this.spans;
    for (let a = 0; a < this.attributeCount; a++) {
      const nameStart = spans[a * 4] as number;
      if ((spans[a * 4 + 1] as number) - nameStart === name.length && b.startsWith(name, nameStart)) {
        const end = spans[a * 4 + 3] as number;
        for (let i = spans[a * 4 + 2] as number; i < end; i++) if (b.charCodeAt(i) === AMP) return -2;
        return a;
      }
    }
    return -1;
  }

  get source(): string {
    return this.scanning;
  }

  valueStart(attribute: number): number {
    return this.spans[attribute * 4 + 2] as number;
  }

  valueEnd(attribute: number): number {
    return this.spans[attribute * 4 + 3] as number;
  }

  /** Handles every complete piece of `b` (with its bytes when reading bytes) from `start`; returns how far it got. */
  private scan(b: string, start: number, bytes: Buffer | null): number {
    this.scanning = b;
    const handler = this.handler;
    // A snippet of markup for a refusal.
    const shown = (from: number, to: number) => JSON.stringify(this.decoded(b.slice(from, to)));
    const length = b.length;
    let pos = start;
    // The first "<" at or after a start tag's name, found while checking the tag, saves the next search.
    let knownLt = -2;
    while (pos < length) {
      const lt = knownLt === -1 || knownLt >= pos ? knownLt : b.indexOf('<', pos);
      if (handler.collecting) {
        const textEnd = lt === -1 ? length : lt;
        if (textEnd > pos) {
          let end = textEnd;
          if (lt === -1) {
            // An entity, or a carriage return that may pair with a line feed, cut by the end of this piece waits for the rest
            // (looked for back from the end only when the text has an "&", rather than back through the whole piece).
            const amp = b.indexOf('&', pos) === -1 ? -1 : b.lastIndexOf('&', end - 1);
            if (amp >= pos && b.indexOf(';', amp) === -1) end = amp;
            if (end > pos && b.charCodeAt(end - 1) === 13) end--;
          }
          if (end > pos) handler.text(textOf(this.decoded(b.slice(pos, end))));
          pos = end;
        }
        if (lt === -1) return pos;
      } else if (lt === -1) {
        return length;
      }
      pos = lt;
      // pos is at '<'.
      // (Never past the end: an out-of-bounds read would send the optimised scanner back to the interpreter.)
      if (pos + 1 >= length) return pos;
      const next = b.charCodeAt(pos + 1);
      if (next === SLASH) {
        const gt = b.indexOf('>', pos + 2);
        if (gt === -1) return pos;
        let nameEnd = gt;
        while (nameEnd > pos + 2 && isSpace(b.charCodeAt(nameEnd - 1))) nameEnd--;
        const name = this.localName(b, pos + 2, nameEnd);
        const expected = this.open.pop();
        if (expected === undefined || expected !== name) {
          const [closing, opened] = [this.decoded(name), expected === undefined ? '' : this.decoded(expected)];
          throw new XmlSyntaxError(expected === undefined ? `a closing </${closing}> with nothing open` : `</${closing}> where </${opened}> was expected`);
        }
        if (this.open.length === 0) this.rootClosed = true;
        handler.close(name);
        pos = gt + 1;
        continue;
      }
      if (next === QUESTION) {
        const end = b.indexOf('?>', pos + 2);
        if (end === -1) return pos;
        pos = end + 2;
        continue;
      }
      if (next === BANG) {
        if (b.startsWith('<!--', pos)) {
          const end = b.indexOf('-->', pos + 4);
          if (end === -1) return pos;
          pos = end + 3;
          continue;
        }
        if (b.startsWith('<![CDATA[', pos)) {
          const end = b.indexOf(']]>', pos + 9);
          if (end === -1) return pos;
          if (this.open.length === 0) throw new XmlSyntaxError('a CDATA section outside the root element');
          if (handler.collecting) handler.text(lineEnds(this.decoded(b.slice(pos + 9, end))));
          pos = end + 3;
          continue;
        }
        if (length - pos < 9) return pos;
        // A document type could declare entities that expand without limit; no spreadsheet program writes one.
        throw new XmlSyntaxError(b.startsWith('<!DOCTYPE', pos) ? 'a DOCTYPE, which no spreadsheet program writes' : 'markup that is not XML after "<!"');
      }
      if (next === 99 /* c */ && bytes !== null && handler.fastCell !== undefined) {
        const end = handler.fastCell(b, bytes, pos);
        if (end > 0) {
          knownLt = -2;
          pos = end;
          continue;
        }
      }
      // A start tag: its name, then each attribute's name and quoted value, up to > or />.
      const nameStart = pos + 1;
      let i = nameStart;
      while (i < length && !endsName(b.charCodeAt(i))) i++;
      if (i === length) return pos;
      if (i === nameStart) throw new XmlSyntaxError(`"<" not followed by a tag name (${shown(pos, pos + 20)})`);
      const nameEnd = i;
      const nextLt = b.indexOf('<', nameEnd);
      const spans = this.spans;
      let attributes = 0;
      let selfClosing = false;
      let gt = -1;
      while (i < length) {
        let code = b.charCodeAt(i);
        if (isSpace(code)) {
          i++;
          continue;
        }
        if (code === GT) {
          gt = i;
          break;
        }
        if (code === SLASH) {
          if (i + 1 === length) break;
          if (b.charCodeAt(i + 1) !== GT) throw new XmlSyntaxError(`"/" inside a tag (${shown(pos, Math.min(i + 2, pos + 40))})`);
          selfClosing = true;
          gt = i + 1;
          break;
        }
        if (!isSpace(b.charCodeAt(i - 1)) || endsName(code)) throw new XmlSyntaxError(`a tag that is not written as XML writes one (${shown(pos, Math.min(i + 1, pos + 40))})`);
        const attributeStart = i;
        while (i < length && !endsName(b.charCodeAt(i))) i++;
        const attributeEnd = i;
        while (i < length && isSpace(b.charCodeAt(i))) i++;
        if (i === length) break;
        if (b.charCodeAt(i) !== EQUALS) throw new XmlSyntaxError(`an attribute without a value (${shown(pos, Math.min(i + 1, pos + 40))})`);
        i++;
        while (i < length && isSpace(b.charCodeAt(i))) i++;
        if (i === length) break;
        code = b.charCodeAt(i);
        if (code !== QUOTE && code !== APOS) throw new XmlSyntaxError(`an attribute value without quotes (${shown(pos, Math.min(i + 1, pos + 40))})`);
        const valueEnd = b.indexOf(code === QUOTE ? '"' : "'", i + 1);
        if (valueEnd === -1) break;
        if (attributes * 4 === spans.length) spans.length += 16;
        spans[attributes * 4] = attributeStart;
        spans[attributes * 4 + 1] = attributeEnd;
        spans[attributes * 4 + 2] = i + 1;
        spans[attributes * 4 + 3] = valueEnd;
        attributes++;
        i = valueEnd + 1;
      }
      if (gt === -1) {
        if (nextLt !== -1 && nextLt < i) throw new XmlSyntaxError(`a tag that does not end before the next one (${shown(pos, Math.min(nextLt, pos + 40))})`);
        return pos;
      }
      // Neither a tag nor a quoted value in it may hold "<".
      if (nextLt !== -1 && nextLt < gt) throw new XmlSyntaxError(`"<" inside a tag (${shown(pos, Math.min(nextLt + 1, pos + 40))})`);
      knownLt = nextLt;
      this.attributeCount = attributes;
      const name = this.localName(b, nameStart, nameEnd);
      if (this.open.length === 0) {
        if (this.rootClosed) throw new XmlSyntaxError(`a second root element <${this.decoded(name)}>`);
        this.rootSeen = true;
      }
      if (!selfClosing) this.open.push(name);
      else if (this.open.length === 0) this.rootClosed = true;
      handler.open(name, this, selfClosing);
      if (selfClosing) handler.close(name);
      pos = gt + 1;
    }
    return pos;
  }

  /** The name after any prefix; the names the reader asks about come back as shared constants. */
  private localName(b: string, start: number, end: number): string {
    // Prefixes are rare (x:row); most names are one to three letters.
    for (let i = start; i < end; i++) {
      if (b.charCodeAt(i) === COLON) {
        start = i + 1;
        break;
      }
    }
    const length = end - start;
    if (length === 0) throw new XmlSyntaxError('a tag with no name');
    if (length === 1) {
      const known = ONE_LETTER_NAMES[b.charCodeAt(start)];
      if (known !== undefined) return known;
    } else if (length <= 3) {
      const first = b.charCodeAt(start);
      if (length === 3 && first === 114 /* r */) {
        if (b.charCodeAt(start + 1) === 111 && b.charCodeAt(start + 2) === 119) return 'row';
        if (b.charCodeAt(start + 1) === 80 && b.charCodeAt(start + 2) === 104) return 'rPh';
      } else if (length === 2 && first === 105 /* i */ && b.charCodeAt(start + 1) === 115) return 'is';
      else if (length === 2 && first === 115 /* s */ && b.charCodeAt(start + 1) === 105) return 'si';
    }
    return b.slice(start, end);
  }
}

const COLON = 58;
// By character code: the one-letter elements of a worksheet and the shared strings.
const ONE_LETTER_NAMES: (string | undefined)[] = [];
for (const name of ['c', 'v', 'f', 't', 'r']) ONE_LETTER_NAMES[name.charCodeAt(0)] = name;

/** Character data as XML reads it: line ends as line feeds (XML 1.0 section 2.11), entities replaced. */
export function textOf(raw: string): string {
  const text = lineEnds(raw);
  return text.indexOf('&') === -1 ? text : decodeEntities(text);
}

function lineEnds(raw: string): string {
  return raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces the predefined entities and character references; anything else is not XML a workbook holds. */
export function decodeEntities(text: string): string {
  return text.replace(/&([^;&]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new XmlSyntaxError(`an "&" that starts no entity (${JSON.stringify(match.slice(0, 20))})`);
    if (Object.hasOwn(PREDEFINED, body)) return PREDEFINED[body] as string;
    const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : body.startsWith('#') ? parseInt(body.slice(1), 10) : NaN;
    const valid = /^#(?:x[0-9A-Fa-f]{1,6}|[0-9]{1,7})$/.test(body) && isXmlChar(code);
    if (!valid) throw new XmlSyntaxError(`the entity ${JSON.stringify(match.slice(0, 20))}, which XML does not define`);
    return String.fromCodePoint(code);
  });
}

/** A character XML 1.0 allows in a document (production [2]). */
function isXmlChar(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
