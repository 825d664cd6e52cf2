/**
 * A dataset file's upload: checked and previewed first (a dry run), stored only when the admin
 * imports what was previewed.
 */
import { useState } from "react";
import type { ImportPreview, ImportSummary } from "../../api";
import { api } from "../shared/api";
import { useAction } from "../shared/hooks";

export function useUpload(project: string, onImported: () => void) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [imported, setImported] = useState<ImportSummary | null>(null);
  const action = useAction();
  const url = (dryRun: boolean) => {
    const query = new URLSearchParams({ filename: file?.name ?? "upload.jsonl" });
    if (format) query.set("format", format);
    if (dryRun) query.set("dry_run", "true");
    return `/api/projects/${encodeURIComponent(project)}/import?${query}`;
  };
  const send = <T>(dryRun: boolean) =>
    action.run(() =>
      api<T>(url(dryRun), {
        method: "POST",
        raw: {
          data: file as Blob,
          type: file?.name.endsWith(".parquet")
            ? "application/vnd.apache.parquet"
            : "application/octet-stream",
        },
      }),
    );
  const choose = (chosen: File | null) => {
    setFile(chosen);
    setPreview(null);
    setImported(null);
    action.clearError();
  };
  const chooseFormat = (chosen: string) => {
    setFormat(chosen);
    setPreview(null); // Import only what was previewed
  };
  const check = async () => {
    if (!file) return;
    setImported(null);
    const answer = await send<ImportPreview>(true);
    setPreview(answer ?? null);
  };
  const store = async () => {
    const answer = await send<ImportSummary>(false);
    if (answer) {
      setImported(answer);
      setPreview(null);
      onImported();
    }
  };
  return { file, format, preview, imported, action, choose, chooseFormat, check, store };
}
