/** HelpSteer's scored attributes, without the schema: the CLI offers them as choices. */
export const HELPSTEER_ATTRIBUTES = [
  "helpfulness",
  "correctness",
  "coherence",
  "complexity",
  "verbosity",
] as const;
