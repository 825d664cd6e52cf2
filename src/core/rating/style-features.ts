// Style elements of LMSYS "style control" (methods.md §A5): markdown counts as in FastChat
// fastchat/serve/monitor/add_markdown_info.py (count_markdown_elements, get_element_counts),
// and the conv_metadata layout read by rating_systems.py (preprocess_for_style,
// STYLE_CONTROL_ELEMENTS_V1). Token counts are an approximation (FastChat uses tiktoken).

/** Per-side totals over a conversation's assistant turns: the four style elements (V1). */
export interface StyleElements {
  tokens: number;
  headers: number;
  lists: number;
  bold: number;
}

// "(?<![^\n])" is Python's re.MULTILINE "^": start of text or just after "\n" (JavaScript's
// /m would also accept "\r", U+2028 and U+2029). \p{Nd} is Python's Unicode "\d".
const FENCE = /```[^`]*```/g;
const HEADER = /(?<![^\n])#{1,6}\s/g;
const ORDERED = /(?<![^\n])\s*\p{Nd}+\.\s/gu;
const UNORDERED = /(?<![^\n])\s*[-*+]\s/g;
const BOLD_STARS = /\*\*[^*\n]+\*\*/g;
const BOLD_UNDERSCORES = /__[^_\n]+__/g;
// Token approximation: an ASCII table, and sticky (position-anchored) regexes for the rest.
const CJK_AT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/uy;
const WORD_AT = /[\p{L}\p{M}\p{N}]/uy;
const SPACE_AT = /\s/uy;
const SPACE = 0;
const WORD = 1;
const SINGLE = 2;
const ASCII_KIND = Uint8Array.from({ length: 128 }, (_, c) => {
  if (c === 32 || (c >= 9 && c <= 13)) return SPACE;
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? WORD : SINGLE;
});

function matchesAt(re: RegExp, text: string, i: number): boolean {
  re.lastIndex = i;
  return re.test(text);
}

function countTokens(text: string): number {
  let tokens = 0;
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    let kind = c < 128 ? ASCII_KIND[c]! : SINGLE;
    if (c >= 128) {
      if (matchesAt(CJK_AT, text, i)) kind = SINGLE;
      else if (matchesAt(WORD_AT, text, i)) kind = WORD;
      else if (matchesAt(SPACE_AT, text, i)) kind = SPACE;
    }
    if (kind === SINGLE || (kind === WORD && !inWord)) tokens++;
    inWord = kind === WORD;
    i += c >= 0xd800 && c < 0xdc00 && text.codePointAt(i)! > 0xffff ? 2 : 1;
  }
  return tokens;
}

function countMatches(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

/**
 * Counts the style elements of one side of a battle from its assistant turns.
 *
 * The turns are joined with "\n" (as FastChat does) and the text inside each ```…``` span
 * (FastChat's regex: no backtick inside) is deleted before counting markdown; the fences
 * themselves stay, as in FastChat (which also deletes identical text elsewhere in the answer,
 * a quirk not copied here). Then, as in FastChat:
 * - headers: lines starting with 1–6 `#` followed by whitespace (h1…h6 summed);
 * - lists: matches of `^\s*\d+\.\s` (ordered) plus `^\s*[-*+]\s` (unordered);
 * - bold: `**text**` plus `__text__` spans, with no newline (nor `*` / `_`) inside.
 *
 * `tokens` approximates FastChat's tiktoken count and is taken over the full text, code
 * included: a maximal run of letters, marks and digits is one token, except that each Han,
 * Hiragana or Katakana character is a token on its own; every other non-whitespace character
 * is one token. When a log carries FastChat's precomputed `conv_metadata`, readers use
 * {@link styleElementsFromConvMetadata} instead, with its real token counts.
 *
 * Complexity: linear in the total text length.
 *
 * @example
 * countStyleElements(["# Title\n- **one**\n- two"]);
 * // { tokens: 10, headers: 1, lists: 2, bold: 1 }
 */
export function countStyleElements(assistantTexts: readonly string[]): StyleElements {
  const text = assistantTexts.join("\n");
  const markdown = text.replace(FENCE, "``````");
  return {
    tokens: countTokens(text),
    headers: countMatches(markdown, HEADER),
    lists: countMatches(markdown, ORDERED) + countMatches(markdown, UNORDERED),
    bold: countMatches(markdown, BOLD_STARS) + countMatches(markdown, BOLD_UNDERSCORES),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A count, or FastChat's dict of sub-counts (summed, as `extract_style_feature` does). */
function element(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (!isRecord(v)) return undefined;
  let sum = 0;
  for (const x of Object.values(v)) {
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0) return undefined;
    sum += x;
  }
  return sum;
}

/**
 * Reads one side's style elements from FastChat's `conv_metadata` object:
 * `sum_assistant_{side}_tokens` (an integer), `header_count_{side}` (`{h1, …, h6}`),
 * `list_count_{side}` (`{ordered, unordered}`) and `bold_count_{side}` (`{"**", "__"}`).
 * A dict is summed over its values and a plain integer is taken as is, as in FastChat's
 * `preprocess_for_style`. Returns `undefined` unless `meta` is an object with all four
 * fields present and every count a non-negative integer.
 *
 * @example
 * styleElementsFromConvMetadata(
 *   { sum_assistant_a_tokens: 120, header_count_a: { h1: 1, h2: 2 },
 *     list_count_a: { ordered: 0, unordered: 4 }, bold_count_a: { "**": 3, __: 0 } },
 *   "a",
 * ); // { tokens: 120, headers: 3, lists: 4, bold: 3 }
 */
export function styleElementsFromConvMetadata(
  meta: unknown,
  side: "a" | "b",
): StyleElements | undefined {
  if (!isRecord(meta)) return undefined;
  const tokens = element(meta[`sum_assistant_${side}_tokens`]);
  const headers = element(meta[`header_count_${side}`]);
  const lists = element(meta[`list_count_${side}`]);
  const bold = element(meta[`bold_count_${side}`]);
  if (tokens === undefined || headers === undefined || lists === undefined) return undefined;
  if (bold === undefined) return undefined;
  return { tokens, headers, lists, bold };
}
