/**
 * The messages a judge item sends: its template rendered (llm/judge renderTemplate) with the
 * prompt's last user turn as {{question}}, the turns before it as {{history}} (system messages
 * are instructions to the judged assistant, not turns, and are left out), the answers in the
 * order shown as {{answer_a}}/{{answer_b}}, {{answer}} or {{answers}}, and the reference. One
 * function for the item runner, the dry run and the cost bound, so all three see the same text.
 */
import type { Message } from "../../core/types.js";
import { renderTemplate, type TemplateValues } from "../../llm/judge/render.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import { contentText } from "../../llm/tokens.js";
import type { JudgeItemPayload } from "./types.js";

/**
 * @example judgeMessages(ARENA_HARD, payload) // [{ role: "system", … }, { role: "user", … }]
 * @throws IssueError (from renderTemplate) when the template declares a variable the item has
 *   no value for (a reference, say); RangeError when the item's mode is not the template's or it
 *   shows an answer it does not hold.
 */
export function judgeMessages(template: JudgeTemplate, payload: JudgeItemPayload): Message[] {
  if (payload.mode !== template.mode)
    throw new RangeError(
      `a ${payload.mode} item cannot be judged with template ${template.id} (${template.mode})`,
    );
  const shown = payload.shown.map((i) => {
    const answer = payload.answers[i];
    if (answer === undefined)
      throw new RangeError(`the item shows answer ${i} of ${payload.answers.length}`);
    return answer.text;
  });
  const turns = payload.question;
  const last = turns.findLastIndex((m) => m.role === "user");
  const values: TemplateValues = {
    question: last < 0 ? "" : contentText(turns[last]!),
    history: turns.slice(0, Math.max(0, last)).filter((m) => m.role !== "system"),
  };
  if (payload.reference !== undefined) values.reference = payload.reference;
  if (payload.mode === "pairwise") {
    values.answer_a = shown[0]!;
    values.answer_b = shown[1]!;
  } else if (payload.mode === "pointwise") values.answer = shown[0]!;
  else values.answers = shown;
  return renderTemplate(template, values);
}
