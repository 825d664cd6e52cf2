/**
 * Accuracy against the human majority and position consistency per labeller: bars from 0 with
 * their intervals as whiskers, drawn with React (as the leaderboard's RatingChart).
 */
import type { JudgeQualityRow } from "../../api";
import { percent } from "./format";
import { short } from "./labels";

// Narrower than the leaderboard's chart: on a 390 px phone its text stays about 10 px high.
const LABEL = 120;
const WIDTH = 420;
const PAD = 16;
const BAR = 10;
const ROW = 2 * BAR + 16;
/** Okabe & Ito's colour-blind-safe blue and orange. */
const COLOURS = { accuracy: "#0072B2", consistency: "#E69F00" } as const;

type Figure = JudgeQualityRow["summary"]["accuracy"];

function Bar({
  figure,
  y,
  what,
  who,
}: {
  figure: Figure;
  y: number;
  what: keyof typeof COLOURS;
  who: string;
}) {
  const x = (v: number) => LABEL + Math.max(0, Math.min(1, v)) * (WIDTH - LABEL - PAD);
  if (!figure) {
    return (
      <text x={LABEL + 4} y={y + BAR - 1} fontSize="10" fill="#5b6476">
        {`${what}: n/a`}
      </text>
    );
  }
  const { value, ci } = figure;
  const interval = ci ? ` (${percent(ci.lower)} to ${percent(ci.upper)})` : "";
  return (
    <g data-testid={`bar-${what}`}>
      <rect x={LABEL} y={y} width={x(value) - LABEL} height={BAR} fill={COLOURS[what]}>
        <title>{`${who}, ${what}: ${percent(value)}${interval}, n = ${figure.n}`}</title>
      </rect>
      {ci ? (
        <g stroke="#1d2330" strokeWidth="1.5">
          <line x1={x(ci.lower)} x2={x(ci.upper)} y1={y + BAR / 2} y2={y + BAR / 2} />
          <line x1={x(ci.lower)} x2={x(ci.lower)} y1={y + 1} y2={y + BAR - 1} />
          <line x1={x(ci.upper)} x2={x(ci.upper)} y1={y + 1} y2={y + BAR - 1} />
        </g>
      ) : null}
    </g>
  );
}

export function JudgeChart({ rows }: { rows: readonly JudgeQualityRow[] }) {
  if (rows.length === 0) return null;
  const height = rows.length * ROW + 28;
  const x = (v: number) => LABEL + v * (WIDTH - LABEL - PAD);
  return (
    <figure className="chart judge-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label="Accuracy against the human majority and position consistency, with intervals"
      >
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - 22} stroke="#d8dce3" />
            <text x={x(t)} y={height - 6} fontSize="11" textAnchor="middle" fill="#5b6476">
              {percent(t)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const y = i * ROW + 6;
          const who = row.labeller.name;
          return (
            <g key={`${row.labeller.kind}:${row.labeller.id}`} data-testid="judge-bars">
              <text x={LABEL - 8} y={y + BAR + 4} fontSize="12" textAnchor="end" fill="#1d2330">
                {short(who, 16)}
                <title>{who}</title>
              </text>
              <Bar figure={row.summary.accuracy} y={y} what="accuracy" who={who} />
              <Bar figure={row.summary.consistency} y={y + BAR + 2} what="consistency" who={who} />
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        <span className="swatch" style={{ background: COLOURS.accuracy }} /> accuracy{" "}
        <span className="swatch" style={{ background: COLOURS.consistency }} /> consistency ·
        whiskers: interval (bootstrap)
      </figcaption>
    </figure>
  );
}
