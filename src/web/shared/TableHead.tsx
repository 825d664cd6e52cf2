/** A table's column headings; numeric columns are right-aligned (`num`). */
export function TableHead({ columns }: { columns: readonly (string | { num: string })[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === "string" ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.num} scope="col" className="num">
              {c.num}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
