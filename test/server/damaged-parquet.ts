/**
 * A Parquet file damaged the way byte-flipped uploads crashed the server: a column chunk whose
 * data does not decode, followed by one whose path is not in the schema. hyparquet starts
 * reading the first chunk, then throws for the second before anything awaits the first read,
 * whose decode error then escapes as an unhandled rejection, which ends a Node process.
 */
import { parquetMetadata } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";

/** A valid TRL file: `rows` preference pairs in one row group. */
export function trlParquet(rows = 3): Uint8Array {
  const ids = Array.from({ length: rows }, (_, k) => k);
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "prompt", data: ids.map((k) => `Question ${k}?`), type: "STRING" },
        { name: "chosen", data: ids.map((k) => `Good answer ${k}.`), type: "STRING" },
        { name: "rejected", data: ids.map((k) => `Bad answer ${k}.`), type: "STRING" },
      ],
    }),
  );
}

/**
 * `trlParquet()` with the "prompt" column chunk's bytes overwritten with 0xff, and the
 * "rejected" column chunk renamed "pejected" in the footer's row group (the schema still says
 * "rejected").
 */
export function parquetWithStrayBrokenChunk(): Uint8Array {
  const bytes = trlParquet();
  const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
  const chunk = metadata.row_groups[0]!.columns.find(
    (c) => c.meta_data?.path_in_schema[0] === "prompt",
  )!.meta_data!;
  const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
  bytes.fill(0xff, start, start + Number(chunk.total_compressed_size));
  const footerLength = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
  const footerStart = bytes.length - 8 - footerLength;
  const name = Buffer.from("rejected");
  const footer = Buffer.from(bytes.buffer, footerStart, footerLength);
  // The schema names the column first; the row group's column chunk names it second.
  const inSchema = footer.indexOf(name);
  const inChunk = footer.indexOf(name, inSchema + 1);
  if (inSchema < 0 || inChunk < 0) throw new Error("the footer does not name the column twice");
  footer[inChunk] = "p".charCodeAt(0);
  return bytes;
}

/**
 * A file prefkit's writer makes (data page v2), with one bit flipped in the header of the
 * "meta" column's page: the fields after it shift, the page loses its levels' byte lengths, and
 * hyparquet 1.33.0 then reads one byte for ever (a NaN offset). It never returns on the
 * thread that decodes it.
 */
export async function parquetThatHangs(path: string): Promise<void> {
  const { writeRecordsAtomically } = await import("../../src/formats/dataset/write-records.js");
  const records = Array.from({ length: 300 }, (_, i) => ({
    prompt: `q${i} `.repeat((i % 7) + 1),
    chosen: [{ role: "assistant", content: `a${i}` }],
    rejected: `b${i}`,
    score: i * 1.5,
    n: i,
    meta: { k: i, tags: ["x", "y"] },
  }));
  await writeRecordsAtomically(path, records);
  const { readFileSync, writeFileSync } = await import("node:fs");
  const bytes = readFileSync(path);
  const metadata = parquetMetadata(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
  );
  const meta = metadata.row_groups[0]!.columns.find(
    (c) => c.meta_data?.path_in_schema[0] === "meta",
  )!.meta_data!;
  // The page header's num_rows field header (0x15: delta 1, i32), 18 bytes in.
  const at = Number(meta.data_page_offset) + 18;
  if (bytes[at] !== 0x15) throw new Error("the writer's page header has changed");
  bytes[at]! ^= 0x40;
  writeFileSync(path, bytes);
}
