/**
 * One project's admin page: upload a data file (checked and previewed before anything is
 * stored), progress per annotator, and export in every dataset format.
 */
import { useState } from "react";
import { api, download } from "../shared/api";
import { useAction, useLoad } from "../shared/hooks";
import { projectPath } from "../shared/router";
import { Await, ErrorNote } from "../shared/Status";
import type { Project } from "../shared/types";

const FORMATS = [
  ["prefkit", "prefkit canonical (everything)"],
  ["trl-preference", "TRL preference (DPO, reward models)"],
  ["trl-unpaired", "TRL unpaired (KTO)"],
  ["hh-rlhf", "HH-RLHF"],
  ["rewardbench", "RewardBench"],
  ["llmbar", "LLMBar"],
  ["arena", "Chatbot Arena battles"],
  ["ultrafeedback", "UltraFeedback"],
  ["helpsteer", "HelpSteer"],
] as const;

const TYPES = ["jsonl", "jsonl.gz", "json", "json.gz", "csv", "csv.gz", "parquet"] as const;

interface Preview {
  format: string;
  records: number;
  found: { prompts: number; systems: number; candidates: number; judgments: number };
  sample: { prompt: string; category?: string; candidates: number }[];
}

interface Imported {
  format: string;
  records: number;
  added: { prompts: number; systems: number; candidates: number; judgments: number };
}

function Counts({ counts }: { counts: Preview["found"] }) {
  return (
    <dl className="counts">
      <dt>Prompts</dt>
      <dd>{counts.prompts}</dd>
      <dt>Systems</dt>
      <dd>{counts.systems}</dd>
      <dt>Responses</dt>
      <dd>{counts.candidates}</dd>
      <dt>Judgments</dt>
      <dd>{counts.judgments}</dd>
    </dl>
  );
}

function Upload({ project, onImported }: { project: string; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [imported, setImported] = useState<Imported | null>(null);
  const action = useAction();
  const url = (dryRun: boolean) => {
    const query = new URLSearchParams({ filename: file?.name ?? "upload.jsonl" });
    if (format) query.set("format", format);
    if (dryRun) query.set("dry_run", "true");
    return `/api/projects/${encodeURIComponent(project)}/import?${query}`;
  };
  const send = <T,>(dryRun: boolean) =>
    action.run(() =>
      api<T>(url(dryRun), {
        method: "POST",
        raw: {
          data: file as Blob,
          type: file?.name.endsWith(".parquet")
            ? "application/vnd.apache.parquet"
            : "application/octet-stream",
        },
      }),
    );
  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setPreview(null);
    setImported(null);
    action.clearError();
  };
  const check = async () => {
    if (!file) return;
    setImported(null);
    const answer = await send<Preview>(true);
    setPreview(answer ?? null);
  };
  const store = async () => {
    const answer = await send<Imported>(false);
    if (answer) {
      setImported(answer);
      setPreview(null);
      onImported();
    }
  };
  return (
    <section className="panel" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload data</h2>
      <p className="muted">
        Any format prefkit reads (prefkit canonical, TRL, HH-RLHF, RewardBench, LLMBar, Arena,
        UltraFeedback, HelpSteer) as .jsonl, .json, .csv (each optionally .gz) or .parquet. The file
        is checked and previewed first; nothing is stored until you import it.
      </p>
      <div className="row">
        <div>
          <label htmlFor="u-file">File</label>
          <input
            id="u-file"
            type="file"
            accept=".jsonl,.ndjson,.json,.csv,.gz,.parquet"
            onChange={(e) => void choose(e.target.files?.[0] ?? null)}
          />
        </div>
        <div>
          <label htmlFor="u-format">Format</label>
          <select
            id="u-format"
            value={format}
            onChange={(e) => {
              setFormat(e.target.value);
              setPreview(null); // Import only what was previewed
            }}
          >
            <option value="">Detect from the first record</option>
            {FORMATS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p>
        <button type="button" onClick={() => void check()} disabled={!file || action.busy}>
          Check and preview
        </button>{" "}
        <button
          type="button"
          className="primary"
          onClick={() => void store()}
          disabled={!preview || action.busy}
        >
          Import
        </button>
      </p>
      {action.busy ? <p role="status">Reading the file…</p> : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      {preview ? (
        <div data-testid="preview">
          <h3>
            Preview: {preview.records} records, format <code>{preview.format}</code>
          </h3>
          <Counts counts={preview.found} />
          <ol>
            {preview.sample.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed sample
              <li key={i}>
                {s.prompt}{" "}
                <span className="muted">
                  ({s.candidates} responses{s.category ? `, ${s.category}` : ""})
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {imported ? (
        <div role="status" data-testid="imported">
          <h3>Imported {imported.records} records</h3>
          <Counts counts={imported.added} />
        </div>
      ) : null}
    </section>
  );
}

function Progress({ project, version }: { project: string; version: number }) {
  const [progress, reload] = useLoad(`${project}/progress/${version}`, (signal) =>
    api<{ progress: { annotator: string; name: string | null; judgments: number }[] }>(
      `/api/projects/${encodeURIComponent(project)}/progress`,
      { signal },
    ),
  );
  return (
    <section className="panel" aria-labelledby="progress-title">
      <h2 id="progress-title">
        Progress per annotator{" "}
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </h2>
      <Await value={progress} what="progress" retry={reload}>
        {(answer) =>
          !answer || answer.progress.length === 0 ? (
            <p className="muted">No annotators yet: invite some on the Admin page.</p>
          ) : (
            <table className="board" data-testid="progress-table">
              <thead>
                <tr>
                  <th scope="col">Annotator</th>
                  <th scope="col" className="num">
                    Judgments
                  </th>
                </tr>
              </thead>
              <tbody>
                {answer.progress.map((p) => (
                  <tr key={p.annotator}>
                    <th scope="row">{p.name ?? p.annotator}</th>
                    <td className="num">{p.judgments}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Await>
    </section>
  );
}

function Export({ project }: { project: string }) {
  const [format, setFormat] = useState("prefkit");
  const [type, setType] = useState("jsonl");
  const action = useAction();
  const run = async () => {
    const file = await action.run(() =>
      download(`/api/projects/${encodeURIComponent(project)}/export?format=${format}&type=${type}`),
    );
    if (!file) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(file.blob);
    link.download = file.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <div className="row">
        <div>
          <label htmlFor="e-format">Format</label>
          <select id="e-format" value={format} onChange={(e) => setFormat(e.target.value)}>
            {FORMATS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="e-type">File type</label>
          <select id="e-type" value={type} onChange={(e) => setType(e.target.value)}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                .{t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button
            type="button"
            className="primary"
            onClick={() => void run()}
            disabled={action.busy}
          >
            Download
          </button>
        </div>
      </div>
      {action.busy ? <p role="status">Preparing the file…</p> : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
    </section>
  );
}

export function ProjectAdminPage({ project }: { project: string }) {
  const [loaded, reload] = useLoad(`admin/${project}`, (signal) =>
    api<{ project: Project }>(`/api/projects/${encodeURIComponent(project)}`, { signal }),
  );
  const [imports, setImports] = useState(0);
  return (
    <Await value={loaded} what="the project" retry={reload}>
      {(answer) =>
        answer ? (
          <>
            <div className="panel">
              <h1>{answer.project.name}</h1>
              <p className="muted">
                {answer.project.settings.mode === "queue"
                  ? `Annotation queue · ${answer.project.settings.task}`
                  : "Arena"}{" "}
                · id <code>{answer.project.id}</code> ·{" "}
                <a href={projectPath(project, "leaderboard")}>Leaderboard</a> ·{" "}
                <a
                  href={projectPath(
                    project,
                    answer.project.settings.mode === "queue" ? "queue" : "arena",
                  )}
                >
                  Open as annotator
                </a>
              </p>
            </div>
            <Upload project={project} onImported={() => setImports((n) => n + 1)} />
            <Progress project={project} version={imports} />
            <Export project={project} />
          </>
        ) : null
      }
    </Await>
  );
}
