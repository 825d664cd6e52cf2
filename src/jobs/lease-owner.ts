/**
 * Who holds a lease. A lease owner is the string `<hostname>:<pid>:<random>`: the machine and
 * process that claimed the items, and a random part so that two sessions of one process (or a
 * reused pid) never share leases. Naming the process lets a command run again on the same
 * machine see that the run it resumes is dead and take its items back at once, instead of
 * waiting for their leases to expire (a minute by default).
 *
 * Only owners on this host whose process is gone are taken back: a process on another machine
 * cannot be checked from here (its leases expire as before), and a live local process is still
 * working. A pid reused by an unrelated process makes its dead owner look alive: then the leases
 * expire as before. Two hosts must not share a hostname (containers given the same `--hostname`
 * over one database would take back each other's live leases: safe, since only the lease's
 * holder can finish an item, but the taken items' calls would be made twice).
 *
 * Pure: the host, the pid and the liveness check are given (the CLI passes `os.hostname()`,
 * `process.pid` and `process.kill(pid, 0)`).
 */

export interface LeaseOwner {
  host: string;
  pid: number;
  /** The random part: this session of the process. */
  nonce: string;
}

/** The owner string of a session: `<hostname>:<pid>:<random>`. */
export function formatLeaseOwner(owner: LeaseOwner): string {
  return `${owner.host}:${owner.pid}:${owner.nonce}`;
}

/**
 * The parts of an owner string; undefined when it is not of the form `<host>:<pid>:<random>`
 * (an owner made by some other program: never taken back). The host may itself hold colons:
 * the pid and the random part are taken from the right.
 */
export function parseLeaseOwner(owner: string): LeaseOwner | undefined {
  const match = /^(.+):([1-9][0-9]{0,9}):([^:]+)$/.exec(owner);
  if (!match) return undefined;
  const pid = Number(match[2]);
  if (!Number.isSafeInteger(pid)) return undefined;
  return { host: match[1]!, pid, nonce: match[3]! };
}

export interface StoppedOwner {
  owner: string;
  pid: number;
}

/**
 * The owners, among those given, whose process ran on `host` and is no longer alive: their
 * leases can be given back now. Owners of other hosts, of live processes, of this very process
 * (`selfPid`), and strings that do not parse are left alone.
 *
 * @example
 * stoppedLocalOwners(["a:12:ff", "a:13:ee", "b:12:dd"], { host: "a", selfPid: 99, isAlive: (p) => p === 13 })
 * // → [{ owner: "a:12:ff", pid: 12 }]
 */
export function stoppedLocalOwners(
  owners: readonly string[],
  here: { host: string; selfPid: number; isAlive: (pid: number) => boolean },
): StoppedOwner[] {
  const stopped: StoppedOwner[] = [];
  for (const owner of owners) {
    const parsed = parseLeaseOwner(owner);
    if (!parsed || parsed.host !== here.host || parsed.pid === here.selfPid) continue;
    if (!here.isAlive(parsed.pid)) stopped.push({ owner, pid: parsed.pid });
  }
  return stopped;
}
