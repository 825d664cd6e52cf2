/** Worker thread: runs ranges of bootstrap rounds (bootstrap-task.ts), its samples moved back. */

import { runBootstrapTask } from "./bootstrap-task.js";
import { serveTasks } from "./worker-protocol.js";

serveTasks(runBootstrapTask, (samples) => [samples.ratings.buffer as ArrayBuffer]);
