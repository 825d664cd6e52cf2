/**
 * The per-record step every arena reader shares: validate the extracted fields, apply
 * filters, count the battle. Errors come back as data for the reader to locate.
 */
import type { OutcomeCode } from "../../core/rating/outcome-counts.js";
import type { ObjectScanner } from "../json/object-scanner.js";
import { BattleAccumulator } from "./battle-accumulator.js";
import {
  type BattleFieldSpec,
  lookup,
  parseBattle,
  type RecordError,
  WINNERS,
  wantedFields,
} from "./battle-record.js";
import { NameInterner } from "./name-interner.js";
import { styleVector } from "./style-vector.js";

export class RecordProcessor {
  readonly fields: string[];
  /**
   * Whether a record may be taken on its bytes: nothing beyond the three battle fields is asked
   * for. A `--where` or `--by` on one of those three adds no field of its own (wantedFields
   * lists each once), so it must be checked here, or the filter would be skipped.
   */
  readonly #bytesSuffice: boolean;
  readonly sink: BattleAccumulator;
  readonly interner = new NameInterner();
  records = 0;
  private readonly decoded: unknown[] = [];
  /** The `by` and `where` paths, each once: their presence is counted (`sink.present`). */
  readonly #optionFields: string[];

  constructor(private readonly spec: BattleFieldSpec) {
    this.fields = wantedFields(spec);
    this.#bytesSuffice =
      this.fields.length === 3 && spec.where.length === 0 && spec.by === undefined;
    this.sink = new BattleAccumulator(
      this.interner.names,
      spec.by !== undefined,
      spec.timestamps || spec.style,
    );
    this.#optionFields = [
      ...new Set([...(spec.by === undefined ? [] : [spec.by]), ...spec.where.map((w) => w.field)]),
    ];
    for (const path of this.#optionFields) this.sink.present[path] = 0;
  }

  /** `values[k]` is the value of `fields[k]`, undefined when absent. */
  process(values: readonly unknown[]): RecordError | null {
    const parsed = parseBattle(this.spec, this.fields, values);
    if (!parsed.ok) return parsed.error;
    for (const path of this.#optionFields) {
      if (lookup(this.fields, values, path) !== undefined) this.sink.present[path]!++;
    }
    const battle = parsed.battle;
    if (battle === null) {
      this.records++;
      this.sink.filtered++;
      return null;
    }
    let style: Float64Array | undefined;
    if (this.spec.style) {
      const vector = styleVector(battle);
      if (!(vector instanceof Float64Array)) return vector;
      style = vector;
    }
    this.records++;
    this.sink.add(
      this.interner.idOf(battle.a),
      this.interner.idOf(battle.b),
      battle.outcome,
      battle.group,
      battle.tstamp,
      style,
    );
    return null;
  }

  /**
   * The same for an object the scanner just read. The common record — plain text names and
   * winner, nothing else asked for — is handled on its bytes; anything else is decoded and
   * goes through `process`, which also words every error.
   */
  processScanned(scanner: ObjectScanner, buf: Buffer): RecordError | null {
    const { starts, stops, plain, hashes } = scanner;
    if (this.#bytesSuffice && plain[0] === 1 && plain[1] === 1) {
      const outcome = winnerCode(buf, starts[2]!, stops[2]!);
      const sa = starts[0]!;
      const sb = starts[1]!;
      if (outcome >= 0 && stops[0]! - sa > 2 && stops[1]! - sb > 2) {
        const idA = this.interner.idOfHashed(buf, sa + 1, stops[0]! - 1, hashes[0]!);
        const idB = this.interner.idOfHashed(buf, sb + 1, stops[1]! - 1, hashes[1]!);
        if (idA !== idB) {
          this.records++;
          this.sink.add(idA, idB, outcome as OutcomeCode, undefined, Number.NaN);
          return null;
        }
      }
    }
    return this.process(scanner.values(this.decoded));
  }

  /** Fills `values` from a parsed object (CSV row, Parquet row, JSON.parse result). */
  fromObject(record: Readonly<Record<string, unknown>>, values: unknown[]): unknown[] {
    for (let k = 0; k < this.fields.length; k++) values[k] = record[this.fields[k]!];
    return values;
  }
}

const MODEL_ = [0x6d, 0x6f, 0x64, 0x65, 0x6c, 0x5f];
// Module-local constants: the byte matcher below runs for every record of a big log.
const OUTCOME_A = WINNERS.model_a!;
const OUTCOME_B = WINNERS.model_b!;
const OUTCOME_TIE = WINNERS.tie!;
const OUTCOME_TIE_BOTH_BAD = WINNERS["tie (bothbad)"]!;
const TIE_BOTH_BAD = Buffer.from("tie (bothbad)");

/** The outcome named by a winner value, read from its bytes; −1 if it is anything else. */
function winnerCode(buf: Buffer, start: number, stop: number): number {
  if (start < 0 || buf[start] !== 0x22) return -1;
  const length = stop - start - 2;
  const s = start + 1;
  if (length === 7) {
    for (let i = 0; i < 6; i++) if (buf[s + i] !== MODEL_[i]) return -1;
    const side = buf[s + 6];
    return side === 0x61 ? OUTCOME_A : side === 0x62 ? OUTCOME_B : -1;
  }
  if (length === 3)
    return buf[s] === 0x74 && buf[s + 1] === 0x69 && buf[s + 2] === 0x65 ? OUTCOME_TIE : -1;
  if (length === 13) {
    for (let i = 0; i < 13; i++) if (buf[s + i] !== TIE_BOTH_BAD[i]) return -1;
    return OUTCOME_TIE_BOTH_BAD;
  }
  return -1;
}
