/**
 * A project's judgment quality: how far its labellers agree (overall figures, a per-labeller
 * table, Cohen's κ between every two), and how each AI judge and annotator does against the
 * human majority. Both reports are computed by the server and cached until the next judgment;
 * the page loads them once, and again on "Refresh".
 */
import { useState } from "react";
import type { AgreementAnswer, JudgeQualityAnswer } from "../../api";
import { api } from "../shared/api";
import { useLoad } from "../shared/hooks";
import { projectPath } from "../shared/router";
import { Await } from "../shared/Status";
import { useMe } from "../shared/session";
import { EXPLAIN } from "./format";
import { JudgeChart } from "./JudgeChart";
import { JudgeTable } from "./JudgeTable";
import { KappaHeatMap } from "./KappaHeatMap";
import { LabellerTable } from "./LabellerTable";
import { OverallFigures } from "./OverallFigures";
import "./quality.css";

interface Filters {
  source: "all" | "human" | "ai";
  orders: "combine" | "separate";
}

export function QualityPage({ project }: { project: string }) {
  const me = useMe();
  const base = `/api/projects/${encodeURIComponent(project)}`;
  const [filters, setFilters] = useState<Filters>({ source: "all", orders: "combine" });
  const query = new URLSearchParams({ ...filters }).toString();
  const [agreement, reloadAgreement] = useLoad(`${project}/agreement?${query}`, (signal) =>
    api<AgreementAnswer>(`${base}/agreement?${query}`, { signal }),
  );
  const [judges, reloadJudges] = useLoad(`${project}/judge-quality`, (signal) =>
    api<JudgeQualityAnswer>(`${base}/judge-quality`, { signal }),
  );
  return (
    <section aria-labelledby="quality-title" className="quality">
      <div className="panel">
        <h1 id="quality-title">Judgment quality · {project}</h1>
        <p className="muted">
          Pairwise judgments only · <a href={projectPath(project, "leaderboard")}>Leaderboard</a>
          {me.role === "admin" ? (
            <>
              {" · "}
              <a href={projectPath(project, "admin")}>Manage</a>
            </>
          ) : null}
        </p>
        <div className="filters">
          <div>
            <label htmlFor="q-source">Labellers</label>
            <select
              id="q-source"
              value={filters.source}
              onChange={(e) =>
                setFilters({ ...filters, source: e.target.value as Filters["source"] })
              }
            >
              <option value="all">Humans and AI judges</option>
              <option value="human">Humans</option>
              <option value="ai">AI judges</option>
            </select>
          </div>
          <div>
            <label htmlFor="q-orders">A judge's two orders</label>
            <select
              id="q-orders"
              value={filters.orders}
              onChange={(e) =>
                setFilters({ ...filters, orders: e.target.value as Filters["orders"] })
              }
            >
              <option value="combine">One labeller</option>
              <option value="separate">One labeller per order</option>
            </select>
          </div>
          <button
            type="button"
            onClick={() => {
              reloadAgreement();
              reloadJudges();
            }}
          >
            Refresh
          </button>
        </div>
      </div>
      <Await value={agreement} what="the agreement report" retry={reloadAgreement}>
        {(answer) =>
          answer ? (
            <>
              <OverallFigures answer={answer} />
              <LabellerTable answer={answer} />
              <KappaHeatMap answer={answer} />
            </>
          ) : null
        }
      </Await>
      <Await value={judges} what="the judges' scores" retry={reloadJudges}>
        {(answer) => (answer ? <Judges answer={answer} /> : null)}
      </Await>
    </section>
  );
}

function Judges({ answer }: { answer: JudgeQualityAnswer }) {
  const { result } = answer;
  return (
    <div className="panel">
      <h2>Judges and annotators against the human majority</h2>
      <p className="muted">{answer.gold_rule}</p>
      {!result.ok ? (
        <p data-testid="judges-undefined">Not defined: {result.message}.</p>
      ) : (
        <>
          <JudgeChart rows={result.rows} />
          <JudgeTable rows={result.rows} />
          <ul className="explain muted">
            <li>Accuracy: {EXPLAIN.accuracy}</li>
            <li>Consistency: {EXPLAIN.consistency}</li>
          </ul>
          {result.unmatched.length > 0 ? (
            <p className="muted">
              No pair in common with the gold: {result.unmatched.map((l) => l.name).join(", ")}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
