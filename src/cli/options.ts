/** Option parsers shared by the commands: each rejects a bad value with the option's name. */
import { InvalidArgumentError } from "commander";

export const wholeNumber = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
  return Number(value);
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
