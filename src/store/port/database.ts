/** The database itself: its dialect, its schema, its shared secrets, whether it takes writes. */

export type Dialect = "sqlite" | "postgres";

export interface DatabaseStore {
  readonly dialect: Dialect;
  /** Creates or upgrades the schema; safe to run at every start and from several processes. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** A named random secret shared by every process on this database (made on first use). */
  secret(name: string): Promise<string>;
  /**
   * Checks that the database takes writes, leaving nothing behind.
   * @throws the driver's error when it does not (a read-only file, role or replica).
   */
  checkWritable(): Promise<void>;
}
