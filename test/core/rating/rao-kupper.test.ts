import {
  fitRaoKupper,
  raoKupperObjective,
  raoKupperProbabilities,
} from "../../../src/core/rating/rao-kupper.js";
import { tableOf } from "./helpers.js";
import { describeTieModel, REFERENCE } from "./tie-model-suite.js";

describeTieModel({
  names: {
    probabilities: "raoKupperProbabilities",
    objective: "raoKupperObjective",
    fit: "fitRaoKupper",
  },
  parameter: "kappa",
  probabilities: raoKupperProbabilities,
  objective: raoKupperObjective,
  fit: fitRaoKupper,
  // kappa = 1 + e^x keeps kappa ≥ 1 without a bound (see src/core/rating/rao-kupper.ts).
  coordinate: (kappa) => Math.log(kappa - 1),
  bradleyTerry: 1,
  example: { tie: 1.5, win: 0.571429, loss: 0.25, tieProbability: 0.178571 },
  symmetric: [
    [0.3, -1.1, 1.2],
    [5, 0, 4],
    [1000, -1000, 1.7],
    [0, 0, 1],
    [0, 0, 1e6],
  ],
  sumDigits: 12,
  exactMirror: false,
  badProbabilities: {
    title: "throws RangeError for kappa below 1 or non-finite inputs",
    args: [
      [0, 0, 0.99],
      [0, 0, Number.NaN],
      [Number.POSITIVE_INFINITY, 0, 2],
    ],
  },
  objectiveTie: 1.6,
  scipy: {
    theta: [0.504967753, 0.033526209, -0.235555921, -0.302938041],
    tie: 1.563336133,
    logLikelihood: -121.194299122,
  },
  planted: { tie: 1.8, seed: 11 },
  badFits: [
    [tableOf(3, [])],
    [REFERENCE, { prior: Number.NaN }],
    [REFERENCE, { init: new Float64Array(5) }],
    [REFERENCE, { initTieParameter: 1 }],
  ],
});
