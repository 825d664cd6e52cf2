/** Option parsers shared by the commands: each rejects a bad value with the option's name. */
import { InvalidArgumentError } from "commander";

export const wholeNumber = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
  return Number(value);
};

const BYTE_UNITS: Record<string, number> = { "": 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 };

/** A size in bytes: a whole number, optionally with K, M or G (binary: 1K = 1024 bytes). */
export const byteSize = (name: string) => (value: string) => {
  const match = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(value.trim());
  const bytes = match ? Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new InvalidArgumentError(`${name} must be a size in bytes, e.g. 268435456, 256M or 1G`);
  }
  return bytes;
};

export const positiveNumber = (name: string) => (value: string) => {
  const x = Number(value);
  if (!(x > 0) || !Number.isFinite(x)) throw new InvalidArgumentError(`${name} must be > 0`);
  return x;
};

/** A repeatable FIELD=VALUE option, collected into a list. */
export const assignment =
  (name: string) =>
  (value: string, previous: { field: string; value: string }[] = []) => {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`${name} takes FIELD=VALUE`);
    return [...previous, { field: value.slice(0, eq), value: value.slice(eq + 1) }];
  };
