/**
 * The longest text each field of a canonical record may hold, in UTF-16 code units (what
 * JavaScript's `length` counts; a character outside the BMP counts two). The canonical reader
 * checks them, so the server's 400s and the CLI's reports name the same fields with the same
 * limits. Why these numbers:
 *
 * - `label` (200): ids, references to ids, idempotency keys, criteria, categories, languages,
 *   model and template names, annotator attributes. They are names, not prose, and several
 *   are indexed: PostgreSQL refuses a b-tree index row over 2,704 bytes (a 500 before these
 *   limits), and 200 characters are at most 800 bytes of UTF-8, with room for the project id
 *   beside them in a composite index.
 * - `longText` (20,000): a judgment's rationale — an annotator's or a judge's explanation,
 *   about 3,000 words. A judge's whole output, reasoning included, belongs in `raw_output`.
 * - `judgeOutput` (200,000): an AI judge's raw output.
 * - `content` (1,000,000): a message's text, a content part, an image URL (a data: URL holds
 *   the image), a prompt's context — about 250,000 tokens, beyond today's context windows.
 *   The body limit (1 MiB by default) usually binds first.
 * - `messages` (1,000): messages in one conversation; `parts` (100): content parts in one.
 */
export const FIELD_LIMITS = {
  label: 200,
  longText: 20_000,
  judgeOutput: 200_000,
  content: 1_000_000,
  messages: 1_000,
  parts: 100,
} as const;
