import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstDuplicateKey } from "../../src/formats/json/duplicate-key.js";
import {
  DuplicateKeyError,
  JsonSyntaxError,
  ObjectScanner,
} from "../../src/formats/json/object-scanner.js";

/** Scans `text` (the whole buffer is the input) and returns the decoded wanted values. */
function scanText(keys: readonly string[], text: string) {
  const scanner = new ObjectScanner(keys);
  const buf = Buffer.from(text, "utf8");
  const after = scanner.scan(buf, 0, buf.length);
  return { after, values: scanner.values([]), scanner };
}

/** The JsonSyntaxError that scanning `text` throws (fails the test if none is thrown). */
function syntaxError(text: string, keys: readonly string[] = ["a"]) {
  const buf = Buffer.from(text, "utf8");
  try {
    new ObjectScanner(keys).scan(buf, 0, buf.length);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonSyntaxError);
    const e = error as JsonSyntaxError;
    return { message: e.message, offset: e.offset };
  }
  throw new Error(`no JsonSyntaxError for ${JSON.stringify(text)}`);
}

/** The DuplicateKeyError that scanning `text` throws (fails the test if none is thrown). */
function duplicate(text: string, keys: readonly string[]) {
  const buf = Buffer.from(text, "utf8");
  try {
    new ObjectScanner(keys).scan(buf, 0, buf.length);
  } catch (error) {
    expect(error).toBeInstanceOf(DuplicateKeyError);
    const e = error as DuplicateKeyError;
    expect(e.message).toBe(`${e.key}: duplicate key`);
    return { key: e.key, offset: e.offset };
  }
  throw new Error(`no DuplicateKeyError for ${JSON.stringify(text)}`);
}

describe("ObjectScanner: extracting wanted fields", () => {
  it("decodes the wanted top-level fields and steps over nested objects and arrays", () => {
    const text = JSON.stringify({
      conversation_a: [{ role: "user", content: "hi {not a bracket} [nor this]" }],
      model_a: "gpt-4o",
      meta: { deep: { deeper: [1, [2, [3, { x: "}" }]]] }, winner: "not me" },
      model_b: "claude-3-5-sonnet",
      winner: "model_b",
      category_tag: { math: true, code: { level: 3 } },
    });
    const { after, values } = scanText(
      ["model_a", "model_b", "winner", "category_tag", "absent"],
      text,
    );
    expect(after).toBe(Buffer.byteLength(text));
    expect(values).toEqual([
      "gpt-4o",
      "claude-3-5-sonnet",
      "model_b",
      { math: true, code: { level: 3 } },
      undefined,
    ]);
  });

  it("decodes strings with escaped quotes, backslashes and \\u escapes", () => {
    const text = String.raw`{"q":"say \"hi\"","path":"C:\\dir\\","both":"\\\"","u":"caf\u00e9 \ud83d\ude00","tab":"a\tb"}`;
    const { values } = scanText(["q", "path", "both", "u", "tab"], text);
    expect(values).toEqual(['say "hi"', "C:\\dir\\", '\\"', "café 😀", "a\tb"]);
  });

  it("does not end a skipped string at an escaped quote", () => {
    const text = String.raw`{"skip":"a \"model_a\": \"trap\" \\","model_a":"real"}`;
    expect(scanText(["model_a"], text).values).toEqual(["real"]);
  });

  it("reads non-ASCII names and keys as UTF-8", () => {
    const text = JSON.stringify({ model_a: "模型-α", ключ: "значение", model_b: "modèle 🚀" });
    expect(scanText(["model_a", "ключ", "model_b"], text).values).toEqual([
      "模型-α",
      "значение",
      "modèle 🚀",
    ]);
  });

  it("decodes numbers and the literals true, false and null", () => {
    const text = '{"i":42,"neg":-7,"f":-1.5e3,"z":0,"big":1E+21,"t":true,"fa":false,"n":null}';
    expect(scanText(["i", "neg", "f", "z", "big", "t", "fa", "n"], text).values).toEqual([
      42,
      -7,
      -1500,
      0,
      1e21,
      true,
      false,
      null,
    ]);
  });

  it("accepts whitespace, CR and newlines anywhere between tokens, and the empty object", () => {
    const text = ' \r\n{ "a" :\t1 ,\r\n  "b"\n:\n[ 1 , 2 ]\r\n}';
    const { after, values } = scanText(["a", "b"], text);
    expect(after).toBe(Buffer.byteLength(text));
    expect(values).toEqual([1, [1, 2]]);
    expect(scanText(["a"], "{ }").values).toEqual([undefined]);
  });

  it("rejects a repeated top-level key, wanted or not, at the repeat (JSON.parse would keep the last)", () => {
    expect(duplicate('{"a":1,"b":2,"a":3}', ["a"])).toEqual({ key: "a", offset: 13 });
    expect(duplicate('{"a":1,"b":2,"b":3}', ["a"])).toEqual({ key: "b", offset: 13 });
    // Written once plainly and once with an escape: still the same key.
    expect(duplicate(String.raw`{"model_a":"x","model\u005fa":"y"}`, ["model_a"])).toEqual({
      key: "model_a",
      offset: 15,
    });
  });

  it("allows a key repeated in a nested object (a record's fields are its top-level keys)", () => {
    expect(scanText(["a"], '{"a":{"x":1,"x":2},"b":[{"x":1,"x":2}]}').values).toEqual([{ x: 2 }]);
  });

  it("finds a wanted key that is the empty string", () => {
    expect(scanText(["", "a"], '{"a":1,"":"empty"}').values).toEqual(["empty", 1]);
  });

  it("matches a wanted key that the document writes with escapes", () => {
    const text = String.raw`{"model\u005fa":"x","say \"hi\"":"y"}`;
    expect(JSON.parse(text)).toEqual({ model_a: "x", 'say "hi"': "y" });
    expect(scanText(["model_a", 'say "hi"'], text).values).toEqual(["x", "y"]);
  });

  it("returns the offset just after the object, leaving text after it unread", () => {
    const { after } = scanText(["a"], '  {"a":[1]}  ,{"b":2}');
    expect(after).toBe(11);
  });

  it("counts the newlines of a pretty-printed object (for line numbers)", () => {
    const text = JSON.stringify({ a: 1, b: { c: [1, 2] }, d: "x" }, null, 2);
    const { scanner } = scanText(["a", "d"], text);
    expect(scanner.newlines).toBe(text.split("\n").length - 1);
  });
});

describe("ObjectScanner: syntax errors", () => {
  it("reports a truncated object at the end of the input", () => {
    expect(syntaxError('{"a":1')).toEqual({
      message: "unexpected end of input: the object is not closed",
      offset: 6,
    });
    expect(syntaxError('{"a":"unterminated')).toEqual({
      message: "unterminated string",
      offset: 18,
    });
    expect(syntaxError('{"a":[1,{"b":2}')).toEqual({
      message: "unexpected end of input",
      offset: 15,
    });
    expect(syntaxError('{"a":')).toMatchObject({ offset: 5 });
    expect(syntaxError("{")).toMatchObject({ offset: 1 });
    expect(syntaxError("")).toEqual({ message: "expected an object '{'", offset: 0 });
  });

  it("treats `end` as the end of the input even when the buffer goes on", () => {
    const buf = Buffer.from('{"a":1}\n');
    const scanner = new ObjectScanner(["a"]);
    expect(() => scanner.scan(buf, 0, 6)).toThrow(JsonSyntaxError);
    expect(() => scanner.scan(Buffer.from("{}"), 0, 1)).toThrow(JsonSyntaxError);
    expect(() => scanner.scan(Buffer.from('{"a":1,"b":2}'), 0, 6)).toThrow(JsonSyntaxError);
  });

  it("reports a missing colon where the colon should be", () => {
    expect(syntaxError('{"a" 1}')).toEqual({ message: "expected ':'", offset: 5 });
    expect(syntaxError('{"x":1,"a"}')).toEqual({ message: "expected ':'", offset: 10 });
  });

  it("reports a bad literal at the start of the literal", () => {
    expect(syntaxError('{"a":nul}')).toEqual({ message: "expected null", offset: 5 });
    expect(syntaxError('{"x":tru,"a":1}')).toEqual({ message: "expected true", offset: 5 });
    expect(syntaxError('{"a":False}')).toEqual({ message: "expected a value", offset: 5 });
    expect(syntaxError('{"a":truex}')).toEqual({ message: "expected ',' or '}'", offset: 9 });
  });

  it("reports mismatched brackets at the offending bracket", () => {
    expect(syntaxError('{"a":[1,2}')).toEqual({ message: "mismatched bracket", offset: 9 });
    expect(syntaxError('{"x":{"b":[}],"a":1}')).toEqual({
      message: "mismatched bracket",
      offset: 11,
    });
    expect(syntaxError('{"a":1]')).toEqual({ message: "expected ',' or '}'", offset: 6 });
  });

  it("rejects a missing colon, comma or bad literal inside a skipped nested value", () => {
    expect(syntaxError('{"x":{"b" 1},"a":1}')).toMatchObject({ offset: 10 });
    expect(syntaxError('{"x":[1 2],"a":1}')).toMatchObject({ offset: 8 });
    expect(syntaxError('{"x":[tru],"a":1}')).toMatchObject({ offset: 6 });
  });

  it("reports other structural mistakes: trailing comma, missing comma, non-object", () => {
    expect(syntaxError('{"a":1,}')).toEqual({ message: "expected a field name", offset: 7 });
    expect(syntaxError('{"a":1 "b":2}')).toEqual({ message: "expected ',' or '}'", offset: 7 });
    expect(syntaxError("{a:1}")).toEqual({ message: "expected a field name", offset: 1 });
    expect(syntaxError("[1,2]")).toEqual({ message: "expected an object '{'", offset: 0 });
    expect(syntaxError('{"a":}')).toEqual({ message: "expected a value", offset: 5 });
  });
});

describe("ObjectScanner on one line of JSON Lines", () => {
  const KEYS = ["model_a", "model_b", "winner"];

  it("reads the line to its end after the last wanted field: a repeat of it may follow", () => {
    const line = '{"model_a":"a","model_b":"b","winner":"tie","judge":"j","model_a":"c"}';
    expect(duplicate(line, KEYS)).toEqual({ key: "model_a", offset: 56 });
    const bad = '{"model_a":"a","model_b":"b","winner":"tie","conversation_a":[{{{ not json ]]}';
    expect(syntaxError(bad, KEYS)).toEqual({ message: "expected a field name", offset: 63 });
  });

  it("returns the offset after the closing brace, before trailing spaces and a CR", () => {
    const line = '{"winner":"model_a","model_b":"b","model_a":"a","x":1}  \r';
    expect(scanText(KEYS, line)).toMatchObject({
      after: line.length - 3,
      values: ["a", "b", "model_a"],
    });
  });

  it("still rejects a line that is not closed by '}'", () => {
    const line = '{"model_a":"a","model_b":"b","winner":"tie","question_id":12';
    expect(syntaxError(line, KEYS)).toEqual({
      message: "unexpected end of input: the object is not closed",
      offset: Buffer.byteLength(line),
    });
    const early = '{"model_a":"a","model_b":"b","winner":"tie"';
    expect(syntaxError(early, KEYS)).toMatchObject({ offset: Buffer.byteLength(early) });
  });

  it("scans the whole object when a wanted field is absent", () => {
    const line = '{"model_a":"a","winner":"tie","x":[1,2]}';
    const { after, values } = scanText(KEYS, line);
    expect(after).toBe(line.length);
    expect(values).toEqual(["a", undefined, "tie"]);
    expect(syntaxError('{"model_a":"a","winner":"tie","x":[1,2}', KEYS)).toEqual({
      message: "mismatched bracket",
      offset: 38,
    });
  });
});

describe("ObjectScanner agrees with JSON.parse", () => {
  /**
   * Keys that JSON.stringify writes without escapes (escaped keys and the empty key have
   * tests of their own above, so that a failure there does not hide others here).
   */
  const verbatim = (k: string) => k !== "" && JSON.stringify(k) === `"${k}"`;

  it("decodes the chosen keys of random objects exactly as JSON.parse does", () => {
    const key = fc.oneof(
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.constantFrom("model_a", "model_b", "winner", "tstamp"),
    );
    const value = fc.jsonValue({ maxDepth: 3, stringUnit: "binary" });
    fc.assert(
      fc.property(
        fc.dictionary(key, value, { maxKeys: 8 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom(0, 2),
        (object, picks, _unused, indent) => {
          const text = JSON.stringify(object, null, indent);
          const keys = Object.keys(object).filter(verbatim);
          const wanted = [...new Set(picks.map((p) => keys[p % Math.max(1, keys.length)]))]
            .filter((k): k is string => k !== undefined)
            .concat(["never-present-key"]);
          const parsed = JSON.parse(text) as Record<string, unknown>;
          const buf = Buffer.from(text, "utf8");
          const scanner = new ObjectScanner(wanted);
          const after = scanner.scan(buf, 0, buf.length);
          expect(after).toBe(buf.length);
          for (let k = 0; k < wanted.length; k++) {
            const name = wanted[k]!;
            expect(scanner.value(k)).toEqual(
              Object.hasOwn(parsed, name) ? parsed[name] : undefined,
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("counts the newlines JSON.stringify puts in an indented object", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (object) => {
        const text = JSON.stringify(object, null, 2);
        const scanner = new ObjectScanner(["a"]);
        scanner.scan(Buffer.from(text), 0, Buffer.byteLength(text));
        expect(scanner.newlines).toBe(text.split("\n").length - 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe("repeated top-level keys: the byte scanner and the text check agree", () => {
  it("ObjectScanner throws, and firstDuplicateKey names a key, exactly when a top-level key repeats", () => {
    const key = fc.constantFrom("a", "b", "model_a", "é", "", 'q"uote', "x\\y");
    const value = fc.jsonValue({ maxDepth: 2 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, value, fc.boolean()), { maxLength: 6 }),
        fc.constantFrom(0, 2),
        (pairs, indent) => {
          // A key written with every character escaped when asked: the same key to JSON.
          const written = (k: string, escaped: boolean) =>
            escaped
              ? `"${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"`
              : JSON.stringify(k);
          const space = indent === 0 ? "" : "\n  ";
          const text = `{${pairs
            .map(([k, v, e]) => `${space}${written(k, e)}:${JSON.stringify(v, null, indent)}`)
            .join(",")}${indent === 0 ? "" : "\n"}}`;
          const keys = pairs.map(([k]) => k);
          const repeated = keys.find((k, i) => keys.indexOf(k) < i);
          const firstRepeat = keys.findIndex((k, i) => keys.indexOf(k) < i);
          expect(firstDuplicateKey(text)).toBe(repeated);
          const buf = Buffer.from(text, "utf8");
          const scan = () => new ObjectScanner(["a", "model_a"]).scan(buf, 0, buf.length);
          if (repeated === undefined) expect(scan()).toBe(buf.length);
          else {
            expect(scan).toThrow(DuplicateKeyError);
            try {
              scan();
            } catch (error) {
              expect((error as DuplicateKeyError).key).toBe(repeated);
              expect(firstRepeat).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("firstDuplicateKey is undefined for non-objects and ignores nested repeats", () => {
    expect(firstDuplicateKey("[1,1]")).toBeUndefined();
    expect(firstDuplicateKey('"a"')).toBeUndefined();
    expect(firstDuplicateKey('{"a":{"b":1,"b":2},"c":"\\"a\\":1"}')).toBeUndefined();
    expect(firstDuplicateKey('{"a":1, "c":{"a":2}, "a" : 3}')).toBe("a");
  });
});
