/**
 * Ratings with their confidence intervals: one row per system, best first. A report without
 * bootstrap rounds has no intervals (null bounds): the chart then draws the points alone.
 */
import type { LeaderboardRow } from "../../api";

const ROW = 26;
const LABEL = 150;
const WIDTH = 560;
const PAD = 16;

export function RatingChart({ rows }: { rows: readonly LeaderboardRow[] }) {
  if (rows.length === 0) return null;
  const bounds = (r: LeaderboardRow) =>
    r.ci_lower === null || r.ci_upper === null ? null : { lower: r.ci_lower, upper: r.ci_upper };
  const intervals = rows.some((r) => bounds(r) !== null);
  const low = Math.min(...rows.map((r) => bounds(r)?.lower ?? r.rating));
  const high = Math.max(...rows.map((r) => bounds(r)?.upper ?? r.rating));
  const span = high - low || 1;
  const x = (value: number) => LABEL + ((value - low) / span) * (WIDTH - LABEL - PAD);
  const height = rows.length * ROW + 30;
  const ticks = [low, low + span / 2, high];
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label="Ratings with confidence intervals"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - 22} stroke="#d8dce3" />
            <text x={x(t)} y={height - 6} fontSize="11" textAnchor="middle" fill="#5b6476">
              {t.toFixed(0)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = i * ROW + ROW / 2 + 2;
          const ci = bounds(r);
          return (
            <g key={r.system}>
              <text x={LABEL - 8} y={y + 4} fontSize="12" textAnchor="end" fill="#1d2330">
                {r.system.length > 22 ? `${r.system.slice(0, 21)}…` : r.system}
              </text>
              {ci && (
                <line
                  x1={x(ci.lower)}
                  x2={x(ci.upper)}
                  y1={y}
                  y2={y}
                  stroke="#2457c5"
                  strokeWidth="3"
                />
              )}
              <circle cx={x(r.rating)} cy={y} r="5" fill="#172033">
                <title>
                  {`${r.system}: ${r.rating.toFixed(1)}${ci ? ` (${ci.lower.toFixed(1)} to ${ci.upper.toFixed(1)})` : ""}`}
                </title>
              </circle>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        {intervals ? "Rating and 95% interval (bootstrap)" : "Rating (no bootstrap intervals)"}
      </figcaption>
    </figure>
  );
}
