import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  DatasetBytes,
  DEFAULT_CHUNK_SIZE,
  describeByteSize,
  firstSignificantByte,
  GUNZIP_OUTPUT_SIZE,
} from "../../../src/formats/dataset/read-source.js";
import { tempDir, writeIn } from "../temp-dir.js";

const dir = tempDir("prefkit-source-");

const file = (name: string, content: string | Buffer): string => writeIn(dir, name, content);

/** The bytes read, as text (vitest compares long strings much faster than buffers). */
async function readAll(path: string, chunkSize?: number) {
  const bytes = new DatasetBytes(path, chunkSize);
  const chunks: Buffer[] = [];
  for await (const chunk of bytes) chunks.push(chunk);
  return { data: Buffer.concat(chunks).toString(), damage: bytes.damage };
}

// Varied enough that gzip needs many blocks and decodes in many chunks.
const text = Array.from({ length: 20_000 }, (_, k) => `${k} ${(k * 7919) % 10007} é中🎉\n`).join(
  "",
);
const gz = gzipSync(text);

describe("DatasetBytes", () => {
  it.each([64, 1024, DEFAULT_CHUNK_SIZE])(
    "gunzips a whole file to its bytes, with %s-byte chunks",
    async (size) => {
      expect(await readAll(file("whole.txt.gz", gz), size)).toEqual({
        data: text,
        damage: undefined,
      });
    },
  );

  it.each([64, 1024, DEFAULT_CHUNK_SIZE])(
    "ends a truncated gzip file with every byte decoded before the cut, %s-byte chunks",
    async (size) => {
      const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
      const decodable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
      expect(await readAll(file("cut.txt.gz", cut), size)).toEqual({
        data: decodable.toString(),
        damage: "invalid gzip data: unexpected end of file",
      });
    },
  );

  it.each([1024, DEFAULT_CHUNK_SIZE])(
    "names a wrong checksum as damage, after all but at most the last decoding step's bytes (%s-byte chunks)",
    async (size) => {
      // The CRC-32 is checked as the last byte is decoded; Node's zlib drops that step's output.
      const badCrc = Buffer.from(gz);
      badCrc[badCrc.length - 8]! ^= 0xff;
      const bytes = new DatasetBytes(file("crc.txt.gz", badCrc), size);
      const chunks: Buffer[] = [];
      for await (const chunk of bytes) chunks.push(chunk);
      const data = Buffer.concat(chunks);
      expect(bytes.damage).toBe("invalid gzip data: incorrect data check");
      const whole = Buffer.from(text);
      expect(whole.subarray(0, data.length).equals(data)).toBe(true);
      const step = Math.min(size, GUNZIP_OUTPUT_SIZE);
      expect(whole.length - data.length).toBeLessThanOrEqual(step);
    },
  );

  it("gives no bytes for a .gz file that is not gzip, or is empty", async () => {
    expect(await readAll(file("plain.txt.gz", text))).toEqual({
      data: "",
      damage: "invalid gzip data: incorrect header check",
    });
    expect(await readAll(file("empty.txt.gz", ""))).toEqual({
      data: "",
      damage: "invalid gzip data: unexpected end of file",
    });
  });

  it.each(["missing.txt", "missing.txt.gz"])(
    "rejects with ENOENT for a missing file (%s)",
    async (name) => {
      await expect(readAll(join(dir, name))).rejects.toMatchObject({ code: "ENOENT" });
    },
  );

  it.each(["folder.txt", "folder.txt.gz"])(
    "rejects with EISDIR and a clear message for a directory (%s)",
    async (name) => {
      const path = join(dir, name);
      mkdirSync(path);
      const error = await readAll(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code: "EISDIR", path, message: `${path}: is a directory` });
    },
  );
});

describe("firstSignificantByte", () => {
  it("skips a byte-order mark and whitespace, and gives undefined for damaged gzip data", async () => {
    expect(await firstSignificantByte(file("bom.json", "\uFEFF \n[]"))).toBe(0x5b);
    expect(await firstSignificantByte(file("bad.json.gz", "[]"))).toBeUndefined();
  });
});

describe("describeByteSize", () => {
  it("names a size in MiB or KiB when it is a whole number of them, in bytes otherwise", () => {
    expect(describeByteSize(64 * 1024 * 1024)).toBe("64 MiB");
    expect(describeByteSize(1536 * 1024)).toBe("1536 KiB");
    expect(describeByteSize(1024)).toBe("1 KiB");
    expect(describeByteSize(100)).toBe("100 bytes");
  });
});
