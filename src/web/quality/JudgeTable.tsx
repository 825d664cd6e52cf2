/** The judges' and annotators' scores as a table: overall and per prompt category. */
import type { JudgeQualityRow } from "../../api";
import { EXPLAIN, percent } from "./format";
import { kindWords } from "./labels";

type Figure = JudgeQualityRow["summary"]["accuracy"];

const cell = (figure: Figure) =>
  figure
    ? `${percent(figure.value)}${figure.ci ? ` (${percent(figure.ci.lower)}–${percent(figure.ci.upper)})` : ""}`
    : "—";

export function JudgeTable({ rows }: { rows: readonly JudgeQualityRow[] }) {
  const categories = [...new Set(rows.flatMap((r) => r.categories.map((c) => c.category)))];
  return (
    <div className="table-wrap">
      <table className="board" data-testid="judges">
        <caption className="visually-hidden">Each labeller against the human majority</caption>
        <thead>
          <tr>
            <th scope="col">Labeller</th>
            <th scope="col">Against</th>
            <th scope="col" className="num">
              Pairs
            </th>
            <th scope="col" className="num" title={EXPLAIN.accuracy}>
              Accuracy
            </th>
            <th scope="col" className="num" title={EXPLAIN.consistency}>
              Consistency
            </th>
            {categories.map((c) => (
              <th key={c} scope="col" className="num">
                {`Accuracy: ${c}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.labeller.kind}:${row.labeller.id}`}>
              <th scope="row" className="name">
                {row.labeller.name}
                <span className="muted"> · {kindWords(row.labeller.kind)}</span>
              </th>
              <td>{row.against === "humans" ? "all humans" : "the other humans"}</td>
              <td className="num">{row.summary.n}</td>
              <td className="num" data-testid="accuracy">
                {cell(row.summary.accuracy)}
              </td>
              <td className="num">{cell(row.summary.consistency)}</td>
              {categories.map((c) => {
                const found = row.categories.find((x) => x.category === c);
                return (
                  <td key={c} className="num">
                    {found && found.n > 0 ? `${cell(found.accuracy)} of ${found.n}` : "—"}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
