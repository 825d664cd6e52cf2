/** Everyone who may sign in, with buttons to replace or revoke their link. */
import type { Annotator } from "../../api";
import { TableHead } from "../shared/TableHead";

export function PeopleTable({
  annotators,
  busy,
  onNewToken,
  onRevoke,
}: {
  annotators: readonly Annotator[];
  busy: boolean;
  onNewToken: (annotator: Annotator) => void;
  onRevoke: (annotator: Annotator) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="board">
        <caption className="visually-hidden">People</caption>
        <TableHead columns={["Name", "Role", "Projects", "Attributes", "Token"]} />
        <tbody>
          {annotators.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.name}</th>
              <td>{a.role}</td>
              <td>{a.role === "admin" ? "all" : a.projects.join(", ")}</td>
              <td>
                {Object.entries(a.attributes)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(", ")}
              </td>
              <td>
                <button type="button" onClick={() => onNewToken(a)} disabled={busy}>
                  New link
                </button>{" "}
                <button type="button" onClick={() => onRevoke(a)} disabled={busy}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
