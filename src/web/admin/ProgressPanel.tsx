/** Judgments per annotator in a project; `version` changes after an import, to load it again. */
import type { Progress } from "../../api";
import { api } from "../shared/api";
import { useLoad } from "../shared/hooks";
import { Await } from "../shared/Status";
import { TableHead } from "../shared/TableHead";

export function ProgressPanel({ project, version }: { project: string; version: number }) {
  const [progress, reload] = useLoad(`${project}/progress/${version}`, (signal) =>
    api<{ progress: Progress }>(`/api/projects/${encodeURIComponent(project)}/progress`, {
      signal,
    }),
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
            <ProgressTable progress={answer.progress} />
          )
        }
      </Await>
    </section>
  );
}

function ProgressTable({ progress }: { progress: Progress }) {
  return (
    <table className="board" data-testid="progress-table">
      <TableHead columns={["Annotator", { num: "Judgments" }]} />
      <tbody>
        {progress.map((p) => (
          <tr key={p.annotator}>
            <th scope="row">{p.name ?? p.annotator}</th>
            <td className="num">{p.judgments}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
