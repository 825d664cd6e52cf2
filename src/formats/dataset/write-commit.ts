/**
 * Commits several finished sinks all or nothing: the outputs of one conversion (its splits and
 * its rejects report) either all replace their targets or all leave them as they were.
 *
 * Each rename is atomic, but a run of them is not, so each target is first kept under a backup
 * name — a hard link, so the target never goes missing; a rename aside where the filesystem has
 * no hard links — and on failure every target already replaced is restored from its backup (or
 * removed, if it did not exist before). A crash in between leaves a `.bak` file beside a target:
 * the previous content, never lost.
 */
import { randomBytes } from "node:crypto";
import { link, lstat, rename, rm } from "node:fs/promises";
import { type RecordSink, renameError, type TemporaryFile } from "./write-sink.js";

/** One target's progress: its backup, if it had previous content, and whether it was replaced. */
interface Step {
  readonly file: TemporaryFile;
  backup?: string;
  replaced: boolean;
}

const backupPath = (target: string) =>
  `${target}.${process.pid}.${randomBytes(6).toString("hex")}.bak`;

/**
 * Keeps the target's previous content under a backup name, if there is any. A directory is left
 * alone: the rename onto it fails, as it should.
 */
async function keepBackup(step: Step): Promise<void> {
  const { target } = step.file;
  const stats = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!stats || stats.isDirectory()) return;
  const backup = backupPath(target);
  try {
    await link(target, backup);
  } catch {
    // No hard links here (FAT, some network filesystems): the target goes missing until the
    // rename below puts the new file in its place.
    await rename(target, backup);
  }
  step.backup = backup;
}

/** Puts every target back as it was, last first; returns the errors of what could not be. */
async function restore(steps: readonly Step[]): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const step of [...steps].reverse()) {
    try {
      // A backup's rename replaces the new file (or fills the gap a rename aside left).
      if (step.backup !== undefined) await rename(step.backup, step.file.target);
      else if (step.replaced) await rm(step.file.target, { force: true });
    } catch (error) {
      errors.push(error);
    }
  }
  return errors;
}

/**
 * Renames every sink's finished temporary file onto its target, all or nothing: if any rename
 * fails, every target is put back as it was before the call (its previous content, or absent),
 * every temporary file is removed, and the error is thrown. On success no backup remains.
 * Sinks are committed in the order given; `abort` after a failure is harmless.
 *
 * @example
 * for (const sink of sinks) await sink.finish();
 * await commitAll(sinks);
 * @throws {Error} before touching any file, when a sink is not finished; {RangeError} when two
 * sinks share a target; {TargetError} or a system error from a rename (then everything is
 * restored) — or, should restoring fail too, an Error naming the backups that hold the previous
 * content.
 */
export async function commitAll(sinks: readonly RecordSink[]): Promise<void> {
  const files = sinks.map((sink) => sink.temporary);
  const targets = new Set<string>();
  for (const file of files) {
    if (file.state !== "finished") {
      throw new Error(`${file.target}: commitAll() needs finished sinks, but it is ${file.state}`);
    }
    if (targets.has(file.target)) throw new RangeError(`${file.target}: two sinks write it`);
    targets.add(file.target);
  }
  const steps: Step[] = [];
  try {
    for (const file of files) {
      const step: Step = { file, replaced: false };
      steps.push(step);
      await keepBackup(step);
      await rename(file.path, file.target).catch((error) => {
        throw renameError(file.target, error);
      });
      step.replaced = true;
    }
  } catch (error) {
    const failures = await restore(steps);
    await Promise.all(files.map((file) => file.remove().catch(() => {})));
    if (failures.length > 0) {
      const kept = steps.flatMap((s) => (s.backup ? [`${s.file.target} in ${s.backup}`] : []));
      throw new Error(
        `commit failed (${describe(error)}), and so did restoring the previous files (${failures.map(describe).join("; ")}); their content is kept: ${kept.join(", ")}`,
        { cause: error },
      );
    }
    throw error;
  }
  for (const file of files) file.markCommitted();
  // The commit is done: a backup that cannot be removed is only litter, not a failure.
  await Promise.all(
    steps.map((s) => (s.backup ? rm(s.backup, { force: true }).catch(() => {}) : undefined)),
  );
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
