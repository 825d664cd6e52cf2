/** Option parsers shared by the commands: each rejects a bad value with the option's name. */
import { InvalidArgumentError } from "commander";

export const wholeNumber = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
  // Past 2^53 a number no longer names one integer (a seed would silently mean another).
  if (!Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError(`${name} must be below 2^53`);
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

/**
 * `--trust-proxy`: `true` (any proxy), a hop count, or comma-separated addresses and CIDR
 * ranges (`127.0.0.1,10.0.0.0/8`), as fastify's `trustProxy` takes them.
 */
export const trustProxy = (value: string): boolean | number | string[] => {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^\d+$/.test(value)) return Number(value);
  const addresses = value
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  if (addresses.length === 0 || addresses.some((a) => !/^[0-9a-fA-F.:]+(\/\d+)?$/.test(a))) {
    throw new InvalidArgumentError(
      "--trust-proxy takes true, a hop count, or addresses and CIDR ranges separated by commas",
    );
  }
  return addresses;
};
