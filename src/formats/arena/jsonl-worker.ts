/** Worker thread: scans JSON Lines ranges on request (see scan-pool.ts). */
import { serveTasks } from "../../parallel/worker-protocol.js";
import { scanTask } from "./scan-pool.js";

serveTasks(scanTask);
