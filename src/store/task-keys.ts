/**
 * What counts as "the same task" for one annotator, as the keys `judged_tasks` holds (one row
 * per key, primary key (project, annotator, key)): an annotator's second judgment of a task
 * conflicts in the database, whichever process stores it.
 *
 * - In an arena the task is the prompt: the vote reveals the systems of its responses, so no
 *   second pair of that prompt would be blind.
 * - In a queue, a pairwise vote's task is its (unordered) pair of candidates; a ranking's, its
 *   prompt; a rating's or a thumb's, each candidate it judges.
 *
 * Keys are JSON arrays of strings: unambiguous whatever the ids hold, and free of NUL (which
 * PostgreSQL text cannot store).
 */

/** The fields of a judgment (core Judgment, or a stored row) that decide its tasks. */
export type TaskShape =
  | { kind: "pairwise"; promptId: string; a: string; b: string }
  | { kind: "ranking"; promptId: string; order: readonly (readonly string[])[] }
  | { kind: "rating"; promptId: string; scores: readonly { candidateId: string }[] }
  | { kind: "binary"; promptId: string; candidateId: string };

/** A task a judgment takes, and the field of the judgment an error about it names. */
export interface TaskKey {
  key: string;
  field: string;
}

const key = (...parts: string[]) => JSON.stringify(parts);

/** An arena prompt's task: taken by the annotator's one vote on it. */
export const arenaPromptKey = (promptId: string) => key("prompt", promptId);

export function tasksOf(j: TaskShape, arena: boolean): TaskKey[] {
  if (arena) return [{ key: arenaPromptKey(j.promptId), field: "prompt" }];
  switch (j.kind) {
    case "pairwise": {
      const [x, y] = j.a < j.b ? [j.a, j.b] : [j.b, j.a];
      return [{ key: key("pair", j.promptId, x, y), field: "b" }];
    }
    case "ranking":
      return [{ key: key("ranking", j.promptId), field: "prompt" }];
    case "rating": {
      const first = new Map<string, number>();
      j.scores.forEach((s, k) => {
        if (!first.has(s.candidateId)) first.set(s.candidateId, k);
      });
      return [...first].map(([c, k]) => ({
        key: key("rating", c),
        field: `scores.${k}.candidate`,
      }));
    }
    case "binary":
      return [{ key: key("binary", j.candidateId), field: "candidate" }];
  }
}
