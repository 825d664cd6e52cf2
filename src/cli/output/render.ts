/** Human-readable renderings of a report: an aligned table, GitHub Markdown, CSV. */
import type { Report } from "./report.js";

type Format = "table" | "markdown" | "csv";

/** What a table or Markdown cell shows for a value there is none of (no interval without rounds); CSV leaves it empty. */
const NONE = "-";

const HEADER = [
  "rank",
  "rank_ub",
  "system",
  "rating",
  "ci_lower",
  "ci_upper",
  "battles",
  "wins",
  "losses",
  "ties",
  "win_rate",
];

export function render(report: Report, format: Format): string {
  if (format === "csv") return renderCsv(report);
  const parts: string[] = [];
  for (const board of report.leaderboards) {
    const title = board.group === null ? "" : `${report.options.by} = ${board.group}`;
    const rows = board.systems.map((s) => [
      String(s.rank),
      s.rank_ub === null ? NONE : String(s.rank_ub),
      s.system,
      s.rating.toFixed(1),
      s.ci_lower === null || s.ci_upper === null
        ? NONE
        : `${(s.ci_lower - s.rating).toFixed(1)} / +${(s.ci_upper - s.rating).toFixed(1)}`,
      String(s.battles),
      `${(100 * s.win_rate).toFixed(1)}%`,
    ]);
    const header = [
      "Rank",
      "Rank UB",
      "System",
      "Rating",
      `${Math.round(report.options.confidence * 100)}% CI`,
      "Battles",
      "Win rate",
    ];
    const notes = board.warnings.map(
      (w) => `warning: ${w.message}${w.systems ? ` (${w.systems.join(", ")})` : ""}`,
    );
    if (board.tie_parameter !== undefined) notes.unshift(`tie parameter: ${board.tie_parameter}`);
    if (board.style_coefficients) {
      notes.unshift(
        `style coefficients: ${Object.entries(board.style_coefficients)
          .map(([k, v]) => `${k} ${v.toFixed(3)}`)
          .join(", ")}`,
      );
    }
    const summary = `${report.method}, ${board.battles} battles, ${board.systems.length} systems, ${board.bootstrap.rounds} bootstrap rounds, seed ${report.options.seed}`;
    if (format === "markdown") {
      parts.push(
        [
          ...(title ? [`### ${escapeMd(title)}`, ""] : []),
          `| ${header.join(" | ")} |`,
          `|${header.map((_, k) => (k === 2 ? " --- " : " ---: ")).join("|")}|`,
          ...rows.map((r) => `| ${r.map(escapeMd).join(" | ")} |`),
          "",
          `_${summary}_`,
          ...notes.map((n) => `> ${escapeMd(n)}`),
        ].join("\n"),
      );
    } else {
      parts.push(
        [...(title ? [title] : []), alignTable(header, rows), summary, ...notes].join("\n"),
      );
    }
  }
  return `${parts.join("\n\n")}\n`;
}

function alignTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => (k === 2 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function escapeMd(text: string): string {
  return text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

function renderCsv(report: Report): string {
  const grouped = report.leaderboards.some((b) => b.group !== null);
  const lines = [(grouped ? ["group", ...HEADER] : HEADER).join(",")];
  for (const board of report.leaderboards) {
    for (const s of board.systems) {
      const cells = [
        s.rank,
        s.rank_ub,
        s.system,
        s.rating,
        s.ci_lower,
        s.ci_upper,
        s.battles,
        s.wins,
        s.losses,
        s.ties,
        s.win_rate,
      ].map((v) => (v === null ? "" : String(v)));
      lines.push((grouped ? [board.group ?? "", ...cells] : cells).map(csvCell).join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
