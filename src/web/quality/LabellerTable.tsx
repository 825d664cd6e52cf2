/** One row per labeller: how much they agree with the others, and whether they stand out. */
import type { AgreementAnswer } from "../../api";
import { EXPLAIN, fixed, OUTLIER_WORDS, percent } from "./format";
import { kindWords, raterLabel } from "./labels";

export function LabellerTable({ answer }: { answer: AgreementAnswer }) {
  const rows = answer.report.raterTable;
  return (
    <div className="panel">
      <h2>Labellers</h2>
      <div className="table-wrap">
        <table className="board quality-labellers" data-testid="labellers">
          <caption className="visually-hidden">Agreement of each labeller with the others</caption>
          <thead>
            <tr>
              <th scope="col">Labeller</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Labels
              </th>
              <th scope="col" className="num" title={EXPLAIN.consensusAgreement}>
                Agrees with others' majority
              </th>
              <th scope="col" className="num" title={EXPLAIN.consensusKappa}>
                κ vs majority
              </th>
              <th scope="col" className="num" title={EXPLAIN.dsAccuracy}>
                Dawid–Skene accuracy
              </th>
              <th scope="col" className="num" title={EXPLAIN.flipRate}>
                Flip rate
              </th>
              <th scope="col">Flag</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const labeller = answer.labellers[row.rater];
              if (!labeller) return null;
              return (
                <tr key={labeller.rater}>
                  <th scope="row" className="name">
                    {raterLabel(labeller)}
                  </th>
                  <td>{kindWords(labeller.kind)}</td>
                  <td className="num">{row.labels}</td>
                  <td className="num" data-testid="consensus">
                    {row.consensusAgreement === null
                      ? "—"
                      : `${percent(row.consensusAgreement)} of ${row.consensusItems}`}
                  </td>
                  <td className="num">{fixed(row.consensusKappa)}</td>
                  <td className="num">{percent(row.dsAccuracy)}</td>
                  <td className="num">{percent(row.flipRate)}</td>
                  <td>{row.outlier ? (OUTLIER_WORDS[row.outlier] ?? row.outlier) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ul className="explain muted">
        <li>Agrees with others' majority: {EXPLAIN.consensusAgreement}</li>
        <li>κ vs majority: {EXPLAIN.consensusKappa}</li>
        <li>Dawid–Skene accuracy: {EXPLAIN.dsAccuracy}</li>
        <li>Flip rate: {EXPLAIN.flipRate}</li>
        <li>
          Flag: “No better than chance” — agreement within two standard errors of what random labels
          with the same shares would get; “Far below the others” — far under the median labeller.
          Flags need at least 10 pairs.
        </li>
      </ul>
    </div>
  );
}
