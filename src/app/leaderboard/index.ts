/** Leaderboards: one use case for `prefkit leaderboard` and the server's leaderboard route. */
export {
  type Bootstrap,
  bootstrapInPlace,
  fitLeaderboards,
  type GroupFit,
} from "./fit-leaderboards.js";
export { projectBattles } from "./project-battles.js";
