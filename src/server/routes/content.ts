/**
 * A project's prompts and candidates: bulk adds of canonical records (one transaction each;
 * a candidate's system is created when missing), a dataset file import, and single reads.
 * Candidates name their systems, so only admins and viewers may read them.
 */
import { z } from "zod";
import * as api from "../../api/index.js";
import { DEFAULT_IMPORT_LIMITS } from "../../app/import/import-limits.js";
import { type ImportPlan, planImport, storeImport } from "../../app/import/index.js";
import type { Message } from "../../core/types.js";
import { describeByteSize } from "../../formats/dataset/describe-size.js";
import { ApiError, invalid } from "../errors.js";
import { importFailure, recordsOfUpload } from "../import-dataset.js";
import { candidateJson, entryOf, promptJson } from "../records.js";
import { jsonBody, route } from "../route.js";

const tag = "content";

export const IMPORT_CONTENT_TYPES = [
  "application/x-ndjson",
  "application/jsonl",
  "application/json",
  "text/plain",
  "text/csv",
  "application/gzip",
  "application/vnd.apache.parquet",
  "application/octet-stream",
] as const;

/** What an import would add, and a taste of it: the admin page shows it before storing. */
function previewOf(plan: ImportPlan): api.ImportPreview {
  const candidatesPerPrompt = new Map<string, number>();
  for (const c of plan.candidates) {
    candidatesPerPrompt.set(c.promptId, (candidatesPerPrompt.get(c.promptId) ?? 0) + 1);
  }
  return {
    format: plan.format,
    records: plan.records,
    found: {
      prompts: plan.prompts.length,
      systems: plan.systems.length,
      candidates: plan.candidates.length,
      judgments: plan.judgments.length,
    },
    sample: plan.prompts.slice(0, api.PREVIEW.items).map((p) => ({
      prompt: firstText(p.messages).slice(0, api.PREVIEW.chars),
      ...(p.category === undefined ? {} : { category: p.category }),
      candidates: candidatesPerPrompt.get(p.id) ?? 0,
    })),
  };
}

function firstText(messages: readonly Message[]): string {
  const content = messages[0]?.content;
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => (part.type === "text" ? part.text : "[image]")).join(" ");
}

/** A bulk add's answers: 201 when it added something, 200 when every item was stored already. */
const addedResponses = (item: string) => ({
  201: { description: "Added", schema: api.addedResponse },
  200: { description: `Every ${item} was already stored`, schema: api.addedResponse },
});

const addedAnswer = ({ added }: { added: number }) => ({
  status: added > 0 ? (201 as const) : (200 as const),
  body: { added },
});

export const contentRoutes = [
  // Route declarations share route()'s shape (prompts and candidates alike, judgments.ts too);
  // each keeps its own docs, schema and store call in view rather than behind a factory.
  route({
    method: "POST",
    path: "/api/projects/{id}/prompts",
    tag,
    summary: "Add prompts",
    description:
      "A JSON array of canonical prompt records (`type` may be left out), stored in one transaction. A prompt already stored with the same content is skipped; with other content it is a 409.",
    access: ["admin"],
    project: true,
    body: jsonBody(api.promptsBody),
    responses: addedResponses("prompt"),
    async handler({ store, project, body }) {
      const prompts = body.map((record, i) => entryOf("prompt", record, i).prompt);
      return addedAnswer(await store.addPrompts(project.id, prompts));
    },
  }),
  route({
    method: "POST",
    path: "/api/projects/{id}/candidates",
    tag,
    summary: "Add candidates",
    description:
      "A JSON array of canonical candidate records, stored in one transaction. Their prompts must be stored already (404 otherwise); systems are created when missing. Annotators see candidate ids (never systems) in their tasks: choose ids that do not name the system.",
    access: ["admin"],
    project: true,
    body: jsonBody(api.candidatesBody),
    responses: addedResponses("candidate"),
    async handler({ store, project, body }) {
      const candidates = body.map((record, i) => entryOf("candidate", record, i).candidate);
      return addedAnswer(await store.addCandidates(project.id, candidates));
    },
  }),
  route({
    method: "POST",
    path: "/api/projects/{id}/import",
    tag,
    summary: "Import a dataset file",
    description: `A dataset file (up to the import body limit, 32 MiB by default): JSON Lines by default, or the file type \`filename\`'s extension names (.json, .csv, .parquet, each but Parquet optionally .gz), in any format prefkit reads: prefkit canonical entries, TRL, HH-RLHF, RewardBench, LLMBar, Arena, UltraFeedback, HelpSteer. The format is detected from the first record unless \`format\` is given. Every line is checked before anything is stored — as JSON bodies are, too: no NUL character, no lone surrogate, no invalid UTF-8, nesting at most 64 deep; the first bad one is a 400 whose message reads \`line N: field: reason\` (\`row N (row group G): …\` for Parquet). A file that expands to more than ${describeByteSize(DEFAULT_IMPORT_LIMITS.maxBytes)} or holds more than ${DEFAULT_IMPORT_LIMITS.maxRecords} records (the defaults; \`prefkit serve --import-max-bytes\`, \`--import-max-records\`) is a 413: import it with \`prefkit import\`. With \`dry_run=true\` the file is read and checked the same way, and the answer (200) is a preview of what would be added; nothing is stored. Content types: ${IMPORT_CONTENT_TYPES.join(", ")}.`,
    access: ["admin"],
    project: true,
    query: api.importQuery,
    body: {
      schema: z.string().describe("The file's bytes"),
      parse: (raw) => {
        if (!Buffer.isBuffer(raw) || raw.length === 0) {
          throw invalid("(body)", "the bytes of a dataset file are required");
        }
        return raw;
      },
      contentTypes: IMPORT_CONTENT_TYPES,
    },
    bodyLimit: "import",
    responses: {
      201: { description: "What was read and added", schema: api.importSummary },
      200: {
        description: "With `dry_run=true`: what would be added (nothing is stored)",
        schema: api.importPreview,
      },
    },
    async handler({ store, project, body, query, services }) {
      try {
        const records = recordsOfUpload(body, query.filename, services.importLimits);
        const plan = await planImport(records, {
          ...(query.format === undefined ? {} : { format: query.format }),
          formatOption: "?format=",
          annotator: query.annotator,
          ...(query.judge === undefined ? {} : { judge: query.judge }),
          criterion: query.criterion,
        });
        if (query.dry_run) return { status: 200, body: previewOf(plan) };
        return { status: 201, body: await storeImport(store, project.id, plan) };
      } catch (error) {
        throw importFailure(error);
      }
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/prompts/{promptId}",
    tag,
    summary: "Get a prompt",
    access: ["admin", "annotator", "viewer"],
    project: true,
    responses: { 200: { description: "The prompt", schema: api.promptResponse } },
    async handler({ store, project, params, principal }) {
      const id = params.promptId!;
      const found = await store.getPrompt(project.id, id);
      if (!found) {
        throw new ApiError("not_found", `promptId: unknown prompt "${id}"`, { field: "promptId" });
      }
      // Metadata may say where a prompt came from or which systems answered it: tasks leave
      // it out for annotators, and so does this route.
      const { metadata: _metadata, ...shown } = found;
      const prompt = principal!.annotator.role === "annotator" ? shown : found;
      return { status: 200, body: { prompt: promptJson(prompt) } };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/candidates/{candidateId}",
    tag,
    summary: "Get a candidate",
    description: "Admins and viewers only: a candidate names its system.",
    access: ["admin", "viewer"],
    project: true,
    responses: {
      200: { description: "The candidate", schema: api.candidateResponse },
    },
    async handler({ store, project, params }) {
      const id = params.candidateId!;
      const candidate = await store.getCandidate(project.id, id);
      if (!candidate) {
        throw new ApiError("not_found", `candidateId: unknown candidate "${id}"`, {
          field: "candidateId",
        });
      }
      return { status: 200, body: { candidate: candidateJson(candidate) } };
    },
  }),
];
