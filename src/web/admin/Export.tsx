/** The export panel: a dataset format and file type, downloaded with the signed-in token. */
import { useState } from "react";
import { download } from "../shared/api";
import { useAction } from "../shared/hooks";
import { ErrorNote } from "../shared/Status";
import { FormatOptions, TYPES } from "./dataset-choices";
import { SelectField } from "./form";

function useExport(project: string) {
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
  return { format, setFormat, type, setType, action, run };
}

export function Export({ project }: { project: string }) {
  const { format, setFormat, type, setType, action, run } = useExport(project);
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <div className="row">
        <SelectField id="e-format" label="Format" value={format} onChange={setFormat}>
          <FormatOptions />
        </SelectField>
        <SelectField id="e-type" label="File type" value={type} onChange={setType}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              .{t}
            </option>
          ))}
        </SelectField>
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
