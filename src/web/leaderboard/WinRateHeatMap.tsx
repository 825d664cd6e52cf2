/** How often the row's system beat the column's, observed; empty where they never met. */
function colour(rate: number): string {
  // Red (0) through white (0.5) to green (1).
  const t = Math.max(0, Math.min(1, rate));
  const [r, g, b] = t < 0.5 ? [214, 96, 77] : [57, 150, 95];
  const mix = Math.abs(t - 0.5) * 2;
  const c = (v: number) => Math.round(255 + (v - 255) * mix);
  return `rgb(${c(r)}, ${c(g)}, ${c(b)})`;
}

export function WinRateHeatMap({
  systems,
  rates,
  battles,
}: {
  systems: readonly string[];
  rates: readonly (readonly (number | null)[])[];
  battles: readonly (readonly number[])[];
}) {
  return (
    <figure className="chart">
      <div className="table-wrap">
        <table className="heat">
          <caption className="visually-hidden">Observed win rate of row against column</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">System</span>
              </th>
              {systems.map((s) => (
                <th key={s} scope="col">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {systems.map((row, i) => (
              <tr key={row}>
                <th scope="row">{row}</th>
                {systems.map((column, j) => {
                  const rate = rates[i]?.[j] ?? null;
                  const n = battles[i]?.[j] ?? 0;
                  return (
                    <td
                      key={column}
                      style={rate === null ? undefined : { background: colour(rate) }}
                      title={rate === null ? "" : `${row} vs ${column}: ${n} battles`}
                    >
                      {rate === null || i === j ? "" : rate.toFixed(2)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="muted">Observed win rate, row against column</figcaption>
    </figure>
  );
}
