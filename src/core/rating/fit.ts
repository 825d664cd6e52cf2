/** The result of fitting strengths by maximum likelihood (or MAP with a prior). */
export interface StrengthFit {
  /** Natural-log strengths, centred to mean 0. */
  readonly theta: Float64Array;
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** A fit of a model with a tie parameter (Davidson's nu or Rao-Kupper's kappa). */
export interface TieModelFit extends StrengthFit {
  readonly tieParameter: number;
}
