/**
 * The leaderboard: a table, ratings with intervals, and a win-rate heat map, filtered by
 * category, who judged (humans, AI judges, or one AI judge) and annotator group. It polls while visible; the server answers from
 * its cache until a new judgment arrives, so a poll is cheap.
 */
import { useEffect, useMemo, useState } from "react";
import type { Annotator, Categories, Judges, LeaderboardReport } from "../../api";
import { api } from "../shared/api";
import { useLoad } from "../shared/hooks";
import { projectPath } from "../shared/router";
import { ErrorNote, Loading } from "../shared/Status";
import { useMe } from "../shared/session";
import { RatingChart } from "./RatingChart";
import { WinRateHeatMap } from "./WinRateHeatMap";

const REFRESH_MS = 5_000;

/** One AI judge's value in the "Judged by" select: its name after this prefix. */
const JUDGE = "judge:";

interface Filters {
  category: string;
  /** "" (everyone), "human", "ai", or JUDGE + a judge's name. */
  judgedBy: string;
  attribute: string;
}

function queryOf(filters: Filters): string {
  const query = new URLSearchParams();
  if (filters.category) query.set("category", filters.category);
  if (filters.judgedBy.startsWith(JUDGE)) query.set("judge", filters.judgedBy.slice(JUDGE.length));
  else if (filters.judgedBy) query.set("source", filters.judgedBy);
  if (filters.attribute) query.set("attribute", filters.attribute);
  return query.toString();
}

/** Refreshes every few seconds while the page is visible. */
function usePoll(refresh: () => void): void {
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
}

export function LeaderboardPage({ project }: { project: string }) {
  const me = useMe();
  const base = `/api/projects/${encodeURIComponent(project)}/leaderboard`;
  const [filters, setFilters] = useState<Filters>({ category: "", judgedBy: "", attribute: "" });
  const [report, setReport] = useState<LeaderboardReport | null>(null);
  const [updated, setUpdated] = useState<Date | null>(null);
  const query = queryOf(filters);
  const [answer, reload] = useLoad(`${project}?${query}`, (signal) =>
    api<LeaderboardReport>(`${base}?${query}`, { signal }),
  );
  usePoll(reload);
  useEffect(() => {
    if (answer.state === "ready" && answer.value) {
      setReport(answer.value);
      setUpdated(new Date());
    }
  }, [answer]);
  // The filters' choices: the prompts' categories, and groups from the annotators'
  // attributes (admins only may list annotators).
  const [categories] = useLoad(`${project}/categories`, async (signal) => {
    const r = await api<{ categories: Categories }>(
      `/api/projects/${encodeURIComponent(project)}/categories`,
      { signal },
    );
    return (r?.categories ?? []).map((c) => c.name);
  });
  const [judges] = useLoad(`${project}/judges`, async (signal) => {
    const r = await api<{ judges: Judges }>(`/api/projects/${encodeURIComponent(project)}/judges`, {
      signal,
    });
    return (r?.judges ?? []).map((j) => j.name);
  });
  const [groups] = useLoad(`${project}/groups/${me.role}`, async (signal) => {
    if (me.role !== "admin") return [];
    const r = await api<{ annotators: Annotator[] }>(
      `/api/annotators?project=${encodeURIComponent(project)}`,
      { signal },
    );
    const pairs = (r?.annotators ?? []).flatMap((a) =>
      Object.entries(a.attributes).map(([k, v]) => `${k}=${v}`),
    );
    return [...new Set(pairs)].sort();
  });
  const board = report?.leaderboards[0];
  const rows = useMemo(() => board?.systems ?? [], [board]);
  return (
    <section aria-labelledby="board-title">
      <div className="panel">
        <h1 id="board-title">Leaderboard · {project}</h1>
        <p className="muted">
          <a href={projectPath(project, "quality")}>Judgment quality</a>: agreement among labellers,
          judges against the human majority
        </p>
        <div className="filters">
          <div>
            <label htmlFor="f-category">Category</label>
            <select
              id="f-category"
              value={filters.category}
              onChange={(e) => setFilters({ ...filters, category: e.target.value })}
            >
              <option value="">All categories</option>
              {(categories.state === "ready" ? categories.value : []).map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-source">Judged by</label>
            <select
              id="f-source"
              value={filters.judgedBy}
              onChange={(e) => setFilters({ ...filters, judgedBy: e.target.value })}
            >
              <option value="">All judgments</option>
              <option value="human">Humans</option>
              <option value="ai">AI judges</option>
              {(judges.state === "ready" ? judges.value : []).map((j) => (
                <option key={j} value={`${JUDGE}${j}`}>
                  {j}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-group">Annotator group</label>
            {groups.state === "ready" && groups.value.length > 0 ? (
              <select
                id="f-group"
                value={filters.attribute}
                onChange={(e) => setFilters({ ...filters, attribute: e.target.value })}
              >
                <option value="">Everyone</option>
                {groups.value.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id="f-group"
                placeholder="e.g. language=de"
                defaultValue={filters.attribute}
                onBlur={(e) => setFilters({ ...filters, attribute: e.target.value.trim() })}
              />
            )}
          </div>
          <p className="updated muted" aria-live="polite">
            {answer.state === "loading" && !report
              ? ""
              : updated
                ? `Updated ${updated.toLocaleTimeString()} · refreshes every ${REFRESH_MS / 1000} s`
                : ""}
          </p>
        </div>
      </div>
      {answer.state === "error" ? <ErrorNote error={answer.error} retry={reload} /> : null}
      {!report ? (
        answer.state === "loading" ? (
          <Loading what="the leaderboard" />
        ) : null
      ) : !board ? (
        <p className="panel muted">
          No leaderboard for these filters
          {report.skipped[0] ? `: ${report.skipped[0].reason}` : "."}
        </p>
      ) : (
        <>
          {board.warnings.map((w) => (
            <p key={w.code} className="panel muted">
              {w.message}
            </p>
          ))}
          <div className="panel table-wrap">
            <table className="board" data-testid="leaderboard">
              <caption className="visually-hidden">Systems by rating</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Rank
                  </th>
                  <th
                    scope="col"
                    className="num"
                    title="Rank upper bound: no worse than this, at 95%"
                  >
                    Rank (UB)
                  </th>
                  <th scope="col">System</th>
                  <th scope="col" className="num">
                    Rating
                  </th>
                  <th scope="col" className="num">
                    95% CI
                  </th>
                  <th scope="col" className="num">
                    Battles
                  </th>
                  <th scope="col" className="num">
                    Win rate
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.system}>
                    <td className="num">{r.rank}</td>
                    <td className="num">{r.rank_ub ?? "—"}</td>
                    <th scope="row">{r.system}</th>
                    <td className="num">{r.rating.toFixed(1)}</td>
                    <td className="num">
                      {r.ci_lower === null || r.ci_upper === null
                        ? "—"
                        : `${(r.ci_lower - r.rating).toFixed(1)} / +${(r.ci_upper - r.rating).toFixed(1)}`}
                    </td>
                    <td className="num" data-testid={`battles-${r.system}`}>
                      {r.battles}
                    </td>
                    <td className="num">{`${(r.win_rate * 100).toFixed(1)}%`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">
              {board.battles} battles · judgments version {report.judgment_version}
            </p>
          </div>
          <div className="charts">
            <div className="panel">
              <h2>Ratings</h2>
              <RatingChart rows={rows} />
            </div>
            <div className="panel">
              <h2>Win rates</h2>
              <WinRateHeatMap
                systems={board.matrices.systems}
                rates={board.matrices.observed_win_rate}
                battles={board.matrices.battles}
              />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
