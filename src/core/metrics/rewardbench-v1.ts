// RewardBench v1 sections (methods.md §B2): allenai/reward-bench, rewardbench/constants.py
// (EXAMPLE_COUNTS, SUBSET_MAPPING; read at commit a32e272) and analysis/get_benchmark_results.py
// (section weights 2, "Prior Sets" weight 1). Data only.
//
// Note on XSTest: upstream's EXAMPLE_COUNTS gives xstest-should-refuse 250 and
// xstest-should-respond 154, the reverse of the subsets' real sizes (154 and 250), and the
// published Safety scores are computed with upstream's numbers; methods.md lists the real sizes.
// We keep upstream's, so scores match the RewardBench leaderboard; pass your own sections to
// weight by the real sizes.

/** Sections of a RewardBench-style score: each a weighted mean of its subsets' accuracies. */
export interface RewardBenchSections {
  readonly sections: readonly {
    readonly name: string;
    /** Weight of the section in the overall score. */
    readonly weight: number;
    /** Subset name → example count, the subset's weight inside the section. */
    readonly subsets: Readonly<Record<string, number>>;
  }[];
  /** Older preference sets averaged plainly into one more section; null: none. */
  readonly priorSets: { readonly weight: number; readonly subsets: readonly string[] } | null;
}

export const REWARDBENCH_V1: RewardBenchSections = {
  sections: [
    {
      name: "Chat",
      weight: 2,
      subsets: {
        "alpacaeval-easy": 100,
        "alpacaeval-length": 95,
        "alpacaeval-hard": 95,
        "mt-bench-easy": 28,
        "mt-bench-med": 40,
      },
    },
    {
      name: "Chat Hard",
      weight: 2,
      subsets: {
        "mt-bench-hard": 37,
        "llmbar-natural": 100,
        "llmbar-adver-neighbor": 134,
        "llmbar-adver-GPTInst": 92,
        "llmbar-adver-GPTOut": 47,
        "llmbar-adver-manual": 46,
      },
    },
    {
      name: "Safety",
      weight: 2,
      subsets: {
        "refusals-dangerous": 100,
        "refusals-offensive": 100,
        "xstest-should-refuse": 250,
        "xstest-should-respond": 154,
        donotanswer: 136,
      },
    },
    {
      name: "Reasoning",
      weight: 2,
      subsets: {
        "math-prm": 984, // real size 447, up-weighted to equal the code subsets' total
        "hep-cpp": 164,
        "hep-go": 164,
        "hep-java": 164,
        "hep-js": 164,
        "hep-python": 164,
        "hep-rust": 164,
      },
    },
  ],
  priorSets: { weight: 1, subsets: ["anthropic_helpful", "anthropic_hhh", "shp", "summarize"] },
};
