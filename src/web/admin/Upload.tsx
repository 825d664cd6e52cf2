/** The upload panel: choose a file and format, check and preview it, then import it. */
import { ErrorNote } from "../shared/Status";
import { FormatOptions } from "./dataset-choices";
import { SelectField } from "./form";
import { ImportedNote, PreviewNote } from "./ImportResult";
import { useUpload } from "./use-upload";

export function Upload({ project, onImported }: { project: string; onImported: () => void }) {
  const upload = useUpload(project, onImported);
  const { action, preview, imported } = upload;
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
            onChange={(e) => upload.choose(e.target.files?.[0] ?? null)}
          />
        </div>
        <SelectField
          id="u-format"
          label="Format"
          value={upload.format}
          onChange={upload.chooseFormat}
        >
          <option value="">Detect from the first record</option>
          <FormatOptions />
        </SelectField>
      </div>
      <p>
        <button
          type="button"
          onClick={() => void upload.check()}
          disabled={!upload.file || action.busy}
        >
          Check and preview
        </button>{" "}
        <button
          type="button"
          className="primary"
          onClick={() => void upload.store()}
          disabled={!preview || action.busy}
        >
          Import
        </button>
      </p>
      {action.busy ? <p role="status">Reading the file…</p> : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      {preview ? <PreviewNote preview={preview} /> : null}
      {imported ? <ImportedNote imported={imported} /> : null}
    </section>
  );
}
