/**
 * A reader that goes away early — `prefkit leaderboard x.jsonl | head -1` — is not a failure of
 * prefkit: writes to stdout then fail with EPIPE, and Node would crash on the unhandled 'error'
 * event with a stack trace. Here the rest of stdout is dropped quietly and the command finishes
 * what it does besides (an `--output` or `--plot` file is still written); the exit status is
 * the command's own, 0 when it succeeds. That is what ripgrep and `yes` do; tools killed by
 * SIGPIPE exit 141 instead, which `set -o pipefail` scripts then see as a failure of a pipeline
 * that did exactly what its reader asked.
 */

/** Codes of a write to a reader that has gone: EPIPE, then the stream's own after it closed it. */
const GONE = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);

/**
 * Makes EPIPE on `stream` quiet. Any other write error (a full disk under `> file`) is reported
 * on stderr as one line and sets exit status 1, not a stack trace.
 */
export function quietOnBrokenPipe(
  stream: NodeJS.WriteStream,
  name: string,
  report: (text: string) => void = (text) => process.stderr.write(text),
): void {
  let reported = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (GONE.has(error.code ?? "")) return;
    if (!reported) report(`prefkit: ${name}: ${error.message}\n`);
    reported = true;
    process.exitCode = 1;
  });
}
