/**
 * Faults of the storage under the server — a full disk, a read-only or damaged database, one
 * that cannot be reached or is too busy — told apart from bugs by the drivers' error codes:
 * better-sqlite3's `SQLITE_*` result codes (extended ones too: `SQLITE_IOERR_WRITE`),
 * PostgreSQL's SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html), and
 * Node's system errors. They are the operator's to fix, not the client's and not a bug: the
 * API answers 503 `unavailable` saying which, and the log says it once (fault-log.ts).
 */

export interface StorageFault {
  /** Names the condition in the log and in the answer: "the disk is full". */
  readonly condition: string;
  /** Seconds a client should wait before trying again. */
  readonly retryAfter: number;
  /** Writes fail, reads may still work (a full disk, a read-only database). */
  readonly writes?: true;
}

const DISK_FULL: StorageFault = { condition: "the disk is full", retryAfter: 60, writes: true };
const READ_ONLY: StorageFault = {
  condition: "the database is read-only",
  retryAfter: 60,
  writes: true,
};
const IO_ERROR: StorageFault = {
  condition: "the database cannot read or write its files (I/O error)",
  retryAfter: 30,
};
const DAMAGED: StorageFault = { condition: "the database file is damaged", retryAfter: 60 };
const CANNOT_OPEN: StorageFault = { condition: "the database cannot be opened", retryAfter: 30 };
const BUSY: StorageFault = { condition: "the database is busy", retryAfter: 2 };
const NO_RESOURCES: StorageFault = {
  condition: "the database is out of resources (memory, connections)",
  retryAfter: 10,
};
const UNREACHABLE: StorageFault = { condition: "the database cannot be reached", retryAfter: 5 };

/** SQLite primary result codes; extended codes (`SQLITE_IOERR_FSYNC`) share their prefix. */
const SQLITE: Record<string, StorageFault> = {
  SQLITE_FULL: DISK_FULL,
  SQLITE_READONLY: READ_ONLY,
  SQLITE_IOERR: IO_ERROR,
  SQLITE_CORRUPT: DAMAGED,
  SQLITE_NOTADB: DAMAGED,
  SQLITE_CANTOPEN: CANNOT_OPEN,
  SQLITE_PERM: CANNOT_OPEN,
  // Only after `busy_timeout` (open-sqlite.ts) has run out.
  SQLITE_BUSY: BUSY,
  SQLITE_LOCKED: BUSY,
  SQLITE_NOMEM: NO_RESOURCES,
};

/** PostgreSQL SQLSTATEs; a class ("53") stands for every code in it. */
const POSTGRES: Record<string, StorageFault> = {
  "53100": DISK_FULL,
  "53": NO_RESOURCES,
  "25006": READ_ONLY,
  "58030": IO_ERROR,
  XX001: DAMAGED,
  XX002: DAMAGED,
  "57P01": UNREACHABLE,
  "57P02": UNREACHABLE,
  "57P03": UNREACHABLE,
  "08": UNREACHABLE,
  "55P03": BUSY,
};

/** Node's system errors, from the database connection or from a file the server writes. */
const SYSTEM: Record<string, StorageFault> = {
  ENOSPC: DISK_FULL,
  EDQUOT: DISK_FULL,
  EROFS: READ_ONLY,
  EIO: IO_ERROR,
  ECONNREFUSED: UNREACHABLE,
  ECONNRESET: UNREACHABLE,
  ETIMEDOUT: UNREACHABLE,
  EPIPE: UNREACHABLE,
  EHOSTUNREACH: UNREACHABLE,
  ENETUNREACH: UNREACHABLE,
  ENOTFOUND: UNREACHABLE,
  EAI_AGAIN: UNREACHABLE,
};

/** pg's own errors about a lost connection carry no code, only these messages. */
const PG_CONNECTION_LOST =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** The storage fault `error` is, or undefined for anything else (a bug, a client's mistake). */
export function storageFault(error: unknown): StorageFault | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === "object" && depth < 3; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string") {
      const found = byCode(code);
      if (found) return found;
    }
    if (typeof message === "string" && PG_CONNECTION_LOST.test(message)) return UNREACHABLE;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function byCode(code: string): StorageFault | undefined {
  if (code.startsWith("SQLITE_")) {
    const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
    return SQLITE[primary];
  }
  // First: EPIPE and EROFS look like SQLSTATEs.
  const system = SYSTEM[code];
  if (system) return system;
  if (/^[0-9A-Z]{5}$/.test(code)) return POSTGRES[code] ?? POSTGRES[code.slice(0, 2)];
  return undefined;
}
