/**
 * Repeated top-level keys in a JSON text that JSON.parse has accepted. JSON.parse keeps the last
 * value of a repeated key without a word; the dataset readers ask here so that such a record is
 * refused, as the arena byte scanner refuses it (`DuplicateKeyError`, object-scanner.ts), and
 * every command reads the same record the same way.
 *
 * Cost: one pass over the top level that jumps over strings with `indexOf`; nested values are
 * stepped over, not parsed. Called only after a successful JSON.parse, so the text is valid JSON
 * and nothing here checks its grammar.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The first top-level key that `text` (valid JSON) names twice, decoded; undefined when there is
 * none or the text is not an object. `parsed` is JSON.parse's value of `text`: when its own keys
 * are as many as the text names, there is no repeat and no key is decoded.
 *
 * @example repeatedKey('{"a":1,"a":2}', { a: 2 }) // "a"
 */
export function repeatedKey(text: string, parsed: object): string | undefined {
  let own = 0;
  for (const _ in parsed) own++;
  return topLevelKeys(text, undefined) === own ? undefined : firstDuplicateKey(text);
}

/** The first top-level key named twice in `text` (valid JSON), or undefined. */
export function firstDuplicateKey(text: string): string | undefined {
  const seen = new Set<string>();
  let repeat: string | undefined;
  topLevelKeys(text, (key) => {
    if (seen.has(key)) repeat ??= key;
    seen.add(key);
  });
  return repeat;
}

/** Counts the top-level keys, giving each (decoded) to `each` when there is one. */
function topLevelKeys(text: string, each: ((key: string) => void) | undefined): number {
  let pos = space(text, 0);
  if (text.charCodeAt(pos) !== OPEN_BRACE) return 0;
  pos = space(text, pos + 1);
  let count = 0;
  while (text.charCodeAt(pos) === QUOTE) {
    const close = stringClose(text, pos + 1);
    count++;
    if (each) {
      const raw = text.slice(pos + 1, close);
      each(raw.includes("\\") ? (JSON.parse(text.slice(pos, close + 1)) as string) : raw);
    }
    pos = space(text, close + 1); // the colon
    pos = space(text, skipValue(text, space(text, pos + 1)));
    if (text.charCodeAt(pos) !== COMMA) break;
    pos = space(text, pos + 1);
  }
  return count;
}

function space(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) pos++;
    else return pos;
  }
}

/** The index of the quote that closes a string whose contents start at `pos`. */
function stringClose(text: string, pos: number): number {
  for (;;) {
    const q = text.indexOf('"', pos);
    if (q < 0) return text.length;
    let backslashes = 0;
    for (let b = q - 1; b >= pos && text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return q;
    pos = q + 1;
  }
}

/** The index just after the value that starts at `pos`. */
function skipValue(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === QUOTE) return stringClose(text, pos + 1) + 1;
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let i = pos; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) i = stringClose(text, i + 1);
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return text.length;
  }
  // A number or a literal: up to the next separator.
  let i = pos;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d <= 0x20) break;
  }
  return i;
}
