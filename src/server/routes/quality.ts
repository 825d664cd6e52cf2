/**
 * How good a project's judgments are: agreement among its labellers, and each AI judge and
 * annotator against the human majority (server/quality/). Both reports are cached until the
 * next judgment, like the leaderboard.
 */
import * as api from "../../api/index.js";
import { clientGone } from "../client-gone.js";
import { MAX_AGREEMENT_WORK, projectAgreement } from "../quality/agreement.js";
import { GOLD_RULE, MAX_JUDGE_WORK, projectJudgeQuality } from "../quality/judge-quality.js";
import { route } from "../route.js";

const tag = "results";

export const qualityRoutes = [
  route({
    method: "GET",
    path: "/api/projects/{id}/agreement",
    tag,
    summary: "Agreement among the project's labellers",
    description: `How far the project's labellers — annotators and AI judges — agree on the same pairs (pairwise judgments only; one item per prompt, criterion and pair of candidates, verdicts b better < tie < a better): percent agreement, Fleiss' κ, Krippendorff's α (nominal and ordinal), Cohen's κ for every pair of labellers, majority consensus, a Dawid–Skene fit, label-flip rates and a per-labeller table with outlier flags, each with a percentile bootstrap interval over items. \`report\` is \`prefkit agreement --format json\`'s on an export of the project (\`source\` as its \`--labellers\`); \`labellers\` says who each rater is, with the annotator's name where the store has one. A statistic the data leave undefined (no item labelled twice, a single labeller) is \`ok: false\` with the reason. Cached until the next judgment. At most ${api.MAX_QUALITY_ROUNDS} rounds, and ${MAX_AGREEMENT_WORK.toLocaleString("en")} rounds × distinct label patterns (400 on \`rounds\` past either).`,
    access: ["admin", "viewer"],
    project: true,
    query: api.agreementQuery,
    responses: { 200: { description: "The agreement report", schema: api.agreementOutput } },
    async handler({ store, project, query, services, reply }) {
      const judgmentVersion = await store.judgmentVersion(project.id);
      const body = await services.quality.get(
        ["agreement", project.id, query, judgmentVersion],
        (signal) =>
          projectAgreement(store, project.id, query, {
            version: services.version,
            judgmentVersion,
            signal,
          }),
        clientGone(reply),
      );
      return { status: 200, body };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/judge-quality",
    tag,
    summary: "AI judges and annotators against the human majority",
    description: `Each AI judge, and each annotator, scored against gold from the project's pairwise judgments. ${GOLD_RULE} Each row is \`prefkit evaluate\`'s summary (accuracy over both orders, mean of the orders' accuracies, position consistency and bias, macro-F1, length bias) with bootstrap intervals, and the accuracy and consistency per prompt category. When nothing can be scored (no pairwise judgment, no human label, a single human and no judge) \`result\` is \`ok: false\` with the reason. Cached until the next judgment. At most ${api.MAX_QUALITY_ROUNDS} rounds, and ${MAX_JUDGE_WORK.toLocaleString("en")} labellers × rounds × (categories + 1) (400 on \`rounds\` past either).`,
    access: ["admin", "viewer"],
    project: true,
    query: api.judgeQualityQuery,
    responses: { 200: { description: "The judges' scores", schema: api.judgeQualityOutput } },
    async handler({ store, project, query, services, reply }) {
      const judgmentVersion = await store.judgmentVersion(project.id);
      const body = await services.quality.get(
        ["judge-quality", project.id, query, judgmentVersion],
        (signal) =>
          projectJudgeQuality(store, project.id, query, {
            version: services.version,
            judgmentVersion,
            signal,
          }),
        clientGone(reply),
      );
      return { status: 200, body };
    },
  }),
];
