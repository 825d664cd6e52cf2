/** Cohen's κ of every two labellers, as a heat map with the value printed in each cell. */
import type { AgreementAnswer } from "../../api";
import { kappaColours } from "./colour-scale";
import { EXPLAIN, fixed } from "./format";
import { raterLabel, short } from "./labels";

export function KappaHeatMap({ answer }: { answer: AgreementAnswer }) {
  const names = answer.labellers.map(raterLabel);
  const n = names.length;
  const cells = new Map<string, AgreementAnswer["report"]["cohen"]["pairs"][number]>();
  for (const pair of answer.report.cohen.pairs) {
    cells.set(`${pair.raterA}:${pair.raterB}`, pair);
    cells.set(`${pair.raterB}:${pair.raterA}`, pair);
  }
  if (n < 2) {
    return (
      <div className="panel">
        <h2>Cohen's κ between labellers</h2>
        <p className="muted">Two labellers at least are needed.</p>
      </div>
    );
  }
  return (
    <div className="panel">
      <h2>Cohen's κ between labellers</h2>
      <p className="muted">{EXPLAIN.cohen}</p>
      <div className="table-wrap">
        <table className="heat kappa" data-testid="kappa-map">
          <caption className="visually-hidden">
            Cohen's κ of the row's labeller with the column's
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Labeller</span>
              </th>
              {names.map((name, j) => (
                <th key={answer.labellers[j]?.rater} scope="col" title={name}>
                  {short(name, 14)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map((row, i) => (
              <tr key={answer.labellers[i]?.rater}>
                <th scope="row" title={row}>
                  {short(row, 18)}
                </th>
                {names.map((column, j) => {
                  const pair = cells.get(`${i}:${j}`);
                  const testId = `kappa-${i}-${j}`;
                  if (i === j || !pair) {
                    return (
                      <td key={answer.labellers[j]?.rater} data-testid={testId} className="none">
                        {i === j ? "" : "n/a"}
                      </td>
                    );
                  }
                  const { kappa } = pair;
                  const title = kappa.ok
                    ? `${row} and ${column}: κ ${fixed(kappa.value, 3)} on ${pair.items} pairs${kappa.interval ? ` (${fixed(kappa.interval.lower)} to ${fixed(kappa.interval.upper)})` : ""}`
                    : `${row} and ${column}: ${kappa.message}`;
                  return (
                    <td
                      key={answer.labellers[j]?.rater}
                      data-testid={testId}
                      title={title}
                      style={kappa.ok ? kappaColours(kappa.value) : undefined}
                      className={kappa.ok ? undefined : "none"}
                    >
                      {kappa.ok ? fixed(kappa.value) : "n/a"}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted scale-note">
        <span className="swatch" style={kappaColours(0)} /> κ ≤ 0 (chance or worse) to{" "}
        <span className="swatch" style={kappaColours(1)} /> κ = 1 (perfect); n/a: undefined.
      </p>
    </div>
  );
}
