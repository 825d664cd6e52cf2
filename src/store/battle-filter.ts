/**
 * The leaderboard filters as SQL conditions on `judgments`: the source kind and the judge
 * model are columns (a judge's judgments are AI judgments stored under its model); the
 * prompt category and the annotator attribute are semi-joins (EXISTS / IN) on prompts and
 * annotator_attributes, so a judgment is counted once whatever else matches.
 */
import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database } from "./schema.js";
import type { BattleFilter } from "./store.js";

// Its EXISTS subqueries have the shape of next-*-task.ts's over other tables and columns:
// the Kysely builders read as the SQL they make, so they stay written out.
export function battleFilter(
  eb: ExpressionBuilder<Database, "judgments">,
  filter: BattleFilter,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.source !== undefined) conditions.push(eb("judgments.source_kind", "=", filter.source));
  if (filter.judge !== undefined) {
    conditions.push(eb("judgments.source_kind", "=", "ai"));
    conditions.push(eb("judgments.judge_model", "=", filter.judge));
  }
  if (filter.category !== undefined) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom("prompts")
          .select("prompts.id")
          .whereRef("prompts.project_id", "=", "judgments.project_id")
          .whereRef("prompts.id", "=", "judgments.prompt_id")
          .where("prompts.category", "=", filter.category),
      ),
    );
  }
  if (filter.annotatorAttribute !== undefined) {
    const { name, value } = filter.annotatorAttribute;
    conditions.push(
      eb(
        "judgments.annotator_id",
        "in",
        eb
          .selectFrom("annotator_attributes")
          .select("annotator_attributes.annotator_id")
          .where("annotator_attributes.name", "=", name)
          .where("annotator_attributes.value", "=", value),
      ),
    );
  }
  return eb.and(conditions);
}
