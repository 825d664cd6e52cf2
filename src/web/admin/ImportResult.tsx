/** What an upload would add (its preview) and what it added. */
import type { ImportPreview, ImportSummary } from "../../api";

function Counts({ counts }: { counts: ImportSummary["added"] }) {
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

export function PreviewNote({ preview }: { preview: ImportPreview }) {
  return (
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
  );
}

export function ImportedNote({ imported }: { imported: ImportSummary }) {
  return (
    <div role="status" data-testid="imported">
      <h3>Imported {imported.records} records</h3>
      <Counts counts={imported.added} />
    </div>
  );
}
