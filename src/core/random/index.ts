export { binomial } from "./binomial.js";
export { logFactorial } from "./log-factorial.js";
export { multinomial } from "./multinomial.js";
export type { RandomSource } from "./random-source.js";
export { streamSeed } from "./stream-seed.js";
export { createRandom } from "./xoshiro128.js";
