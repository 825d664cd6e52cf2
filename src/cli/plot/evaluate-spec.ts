/**
 * `prefkit evaluate --plot`: each judge's headline rates with their intervals (accuracy, the
 * mean of the two orders, position consistency, macro-F1) and, when judges gave probabilities,
 * their reliability curves against the diagonal. All data inline.
 */
import type { TopLevelSpec } from "vega-lite";
import type { EvaluationReport } from "../../app/evaluate/evaluate-items.js";

const METRICS = [
  ["accuracy", (o: Overall) => o.accuracy],
  ["mean of orders", (o: Overall) => o.accuracyMeanOfOrders],
  ["position consistency", (o: Overall) => o.position.consistency],
  ["macro-F1", (o: Overall) => o.classes.macroF1],
] as const;

type Overall = EvaluationReport["judges"][number]["evaluation"]["overall"];

export function buildEvaluateSpec(report: EvaluationReport, title: string): TopLevelSpec {
  const rates = report.judges.flatMap(({ judge, evaluation: { overall } }) =>
    METRICS.flatMap(([metric, get]) => {
      const e = get(overall);
      return e
        ? [
            {
              judge,
              metric,
              value: e.value,
              lower: e.ci?.lower ?? e.value,
              upper: e.ci?.upper ?? e.value,
            },
          ]
        : [];
    }),
  );
  const reliability = report.judges.flatMap(({ judge, evaluation: { overall } }) =>
    (overall.calibration?.reliability ?? []).flatMap((bin) =>
      bin.meanPredicted === null || bin.observed === null
        ? []
        : [{ judge, predicted: bin.meanPredicted, observed: bin.observed, count: bin.count }],
    ),
  );
  const x = { type: "quantitative" as const, scale: { domain: [0, 1] }, axis: { format: "%" } };
  const ratesChart = {
    title: "Judges against gold",
    data: { values: rates },
    width: 360,
    height: { step: 14 },
    encoding: {
      y: { field: "judge", type: "nominal" as const, title: null },
      yOffset: { field: "metric", type: "nominal" as const },
      color: {
        field: "metric",
        type: "nominal" as const,
        // Colour-blind-safe (Okabe–Ito), never red against green alone.
        scale: { range: ["#0072B2", "#56B4E9", "#E69F00", "#009E73"] },
        title: null,
      },
    },
    layer: [
      {
        name: "ratebars",
        mark: { type: "rule" as const },
        encoding: { x: { field: "lower", ...x, title: "rate" }, x2: { field: "upper" } },
      },
      {
        name: "ratepoints",
        mark: { type: "point" as const, filled: true, size: 40 },
        encoding: { x: { field: "value", ...x } },
      },
    ],
  };
  const reliabilityChart = {
    title: "Calibration (reliability)",
    width: 240,
    height: 240,
    layer: [
      {
        data: { values: [{ p: 0 }, { p: 1 }] },
        mark: { type: "line" as const, color: "#999", strokeDash: [4, 4] },
        encoding: {
          x: { field: "p", ...x, title: "predicted P(a better)" },
          y: { field: "p", ...x, title: "observed" },
        },
      },
      {
        name: "reliabilitycurve",
        data: { values: reliability },
        mark: { type: "line" as const, point: true },
        encoding: {
          x: { field: "predicted", ...x },
          y: { field: "observed", ...x },
          color: { field: "judge", type: "nominal" as const },
        },
      },
    ],
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    config: { font: "Helvetica, Arial, sans-serif" },
    hconcat: reliability.length > 0 ? [ratesChart, reliabilityChart] : [ratesChart],
  } as TopLevelSpec;
}
