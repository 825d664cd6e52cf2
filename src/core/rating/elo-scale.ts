/**
 * The Elo scale of Chatbot Arena: R = INIT + SCALE * theta / ln(BASE), so that
 * P(i beats j) = 1 / (1 + BASE^((R_j - R_i) / SCALE)).
 */
export interface EloScale {
  scale: number;
  base: number;
  init: number;
}

export const ARENA_SCALE: EloScale = { scale: 400, base: 10, init: 1000 };

/** Converts natural-log strengths to Elo ratings. */
export function thetaToElo(theta: ArrayLike<number>, s: EloScale = ARENA_SCALE): Float64Array {
  const k = s.scale / Math.log(s.base);
  const out = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) out[i] = s.init + k * theta[i]!;
  return out;
}

/** Elo points per unit of theta (173.7178 on the arena scale). */
export function eloPerTheta(s: EloScale = ARENA_SCALE): number {
  return s.scale / Math.log(s.base);
}
