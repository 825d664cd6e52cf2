/** The overall agreement figures, each with its interval and a line saying what it is. */
import type { AgreementAnswer } from "../../api";
import { EXPLAIN, withInterval } from "./format";

type Estimate = AgreementAnswer["report"]["fleissKappa"];

function Figure({
  name,
  estimate,
  explain,
}: {
  name: string;
  estimate: Estimate | undefined;
  explain: string;
}) {
  if (!estimate) return null;
  return (
    <div className="figure">
      <dt>{name}</dt>
      <dd>
        <strong data-testid={`figure-${name}`}>
          {estimate.ok ? withInterval(estimate.value, estimate.interval) : "undefined"}
        </strong>
        {estimate.ok ? null : <span className="muted"> — {estimate.message}</span>}
        <br />
        <span className="muted">{explain}</span>
      </dd>
    </div>
  );
}

export function OverallFigures({ answer }: { answer: AgreementAnswer }) {
  const { report } = answer;
  const level = report.bootstrap ? `${Math.round(report.bootstrap.confidence * 100)}%` : null;
  return (
    <div className="panel">
      <h2>Overall agreement</h2>
      <p className="muted">
        {report.counts.items} pairs, {report.counts.labels} labels from {report.counts.raters}{" "}
        labellers
        {level ? ` · ${level} intervals from ${report.bootstrap?.rounds} bootstrap rounds` : ""}
      </p>
      <dl className="figures">
        <Figure
          name="Percent agreement"
          estimate={report.percentAgreement}
          explain={EXPLAIN.percentAgreement}
        />
        <Figure name="Fleiss' κ" estimate={report.fleissKappa} explain={EXPLAIN.fleissKappa} />
        <Figure
          name="Krippendorff's α"
          estimate={report.krippendorffAlpha.nominal}
          explain={EXPLAIN.alphaNominal}
        />
        <Figure
          name="Krippendorff's α (ordinal)"
          estimate={report.krippendorffAlpha.ordinal}
          explain={EXPLAIN.alphaOrdinal}
        />
      </dl>
    </div>
  );
}
