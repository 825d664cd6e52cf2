/**
 * The HTTP API's contract: every request and response schema, in one browser-safe place (zod,
 * the core's types, and the canonical record schemas of formats/, which are zod only). The
 * server validates with these schemas, documents them (server/openapi.ts) and type-checks its
 * handlers' answers against them; the web UI imports the types below and nothing else.
 */
import type { z } from "zod";
import type { annotatorOutput, issuedResponse } from "./annotators.js";
import type { importPreview, importSummary } from "./content.js";
import type { storedJudgment, taskCandidate } from "./judgments.js";
import type { errorOutput } from "./meta.js";
import type { ProjectSettings } from "./project-settings.js";
import type { progressResponse, projectOutput } from "./projects.js";
import type {
  agreementOutput,
  judgeQualityOutput,
  judgeQualityRow,
  qualityLabeller,
} from "./quality.js";
import type {
  categoriesOutput,
  judgesOutput,
  leaderboardGroup,
  leaderboardOutput,
  leaderboardRow,
} from "./results.js";
import type { task, taskProgressOutput } from "./tasks.js";

export * from "./annotators.js";
export * from "./content.js";
export * from "./fields.js";
export * from "./judgments.js";
export * from "./live.js";
export * from "./meta.js";
export * from "./project-settings.js";
export * from "./projects.js";
export * from "./quality.js";
export * from "./results.js";
export * from "./tasks.js";

// The answers as a client reads them.
export type Project = z.output<typeof projectOutput>;
export type Criterion = ProjectSettings["criteria"][number];
export type Progress = z.output<typeof progressResponse>["progress"];
export type Annotator = z.output<typeof annotatorOutput>;
export type Issued = z.output<typeof issuedResponse>;
export type Task = z.output<typeof task>;
export type TaskKind = Task["kind"];
export type TaskPrompt = Task["prompt"];
export type TaskCandidate = z.output<typeof taskCandidate>;
export type Message = TaskCandidate["messages"][number];
export type ContentPart = Exclude<Message["content"], string>[number];
export type StoredJudgment = z.output<typeof storedJudgment>;
export type TaskProgress = z.output<typeof taskProgressOutput>;
export type LeaderboardReport = z.output<typeof leaderboardOutput>;
export type LeaderboardGroup = z.output<typeof leaderboardGroup>;
export type LeaderboardRow = z.output<typeof leaderboardRow>;
export type Categories = z.output<typeof categoriesOutput>["categories"];
export type Judges = z.output<typeof judgesOutput>["judges"];
export type ImportSummary = z.output<typeof importSummary>;
export type ImportPreview = z.output<typeof importPreview>;
export type ErrorBody = z.output<typeof errorOutput>;
export type AgreementAnswer = z.output<typeof agreementOutput>;
export type JudgeQualityAnswer = z.output<typeof judgeQualityOutput>;
export type JudgeQualityRow = z.output<typeof judgeQualityRow>;
export type QualityLabeller = z.output<typeof qualityLabeller>;
