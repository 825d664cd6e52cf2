/**
 * The API reference as one HTML page, rendered on the server from the OpenAPI document: no
 * scripts, no fonts or styles from elsewhere, every text escaped (descriptions come from our
 * own code, but a page that escapes everything never has to ask).
 */

type Json = Record<string, unknown>;

// Also in web/shared/markdown.ts: src/web imports nothing outside src/web but src/api's types
// (architecture.test.ts), so the two shells each keep this small table.
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** `code spans` in descriptions, escaped first. */
const prose = (text: string): string =>
  escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => `<code>${code}</code>`);

const asRecord = (v: unknown): Json => (v !== null && typeof v === "object" ? (v as Json) : {});
const asString = (v: unknown): string => (typeof v === "string" ? v : "");

function schemaBlock(schema: unknown): string {
  return `<details><summary>schema</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function parametersTable(parameters: unknown): string {
  if (!Array.isArray(parameters) || parameters.length === 0) return "";
  const rows = parameters.map((p) => {
    const param = asRecord(p);
    const schema = asRecord(param.schema);
    const type = [
      asString(schema.type),
      schema.enum ? `(${(schema.enum as unknown[]).join(" | ")})` : "",
    ]
      .filter(Boolean)
      .join(" ");
    const fallback = "default" in schema ? ` Default: ${JSON.stringify(schema.default)}.` : "";
    return `<tr><td><code>${escapeHtml(asString(param.name))}</code></td><td>${escapeHtml(asString(param.in))}</td><td>${escapeHtml(type)}</td><td>${param.required ? "yes" : ""}</td><td>${prose(asString(param.description) + fallback)}</td></tr>`;
  });
  return `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th></th></tr>${rows.join("")}</table>`;
}

function contentBlocks(content: unknown): string {
  return Object.entries(asRecord(content))
    .map(
      ([type, media]) =>
        `<p><code>${escapeHtml(type)}</code></p>${schemaBlock(asRecord(media).schema)}`,
    )
    .join("");
}

function operationSection(path: string, method: string, op: Json): string {
  const roles = Array.isArray(op["x-roles"]) ? (op["x-roles"] as string[]) : [];
  const who =
    roles.length === 0
      ? "public"
      : `${roles.join(", ")}${op["x-project-scoped"] ? " (assigned to the project)" : ""}`;
  const body = asRecord(op.requestBody);
  const responses = Object.entries(asRecord(op.responses))
    .map(([status, r]) => {
      const response = asRecord(r);
      return `<tr><td>${escapeHtml(status)}</td><td>${prose(asString(response.description))}${contentBlocks(response.content)}</td></tr>`;
    })
    .join("");
  const id = escapeHtml(asString(op.operationId));
  return `<section id="${id}">
<h3><span class="method">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p><strong>${prose(asString(op.summary))}</strong></p>
${op.description ? `<p>${prose(asString(op.description))}</p>` : ""}
<p>Who: ${escapeHtml(who)}</p>
${parametersTable(op.parameters)}
${op.requestBody ? `<h4>Body</h4>${body.description ? `<p>${prose(asString(body.description))}</p>` : ""}${contentBlocks(body.content)}` : ""}
<h4>Responses</h4><table>${responses}</table>
</section>`;
}

export function renderDocsPage(document: Readonly<Json>): string {
  const info = asRecord(document.info);
  const paths = asRecord(document.paths);
  const operations: { tag: string; html: string; id: string; title: string }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(asRecord(item))) {
      const operation = asRecord(op);
      const tag = asString((operation.tags as unknown[] | undefined)?.[0]) || "other";
      operations.push({
        tag,
        html: operationSection(path, method, operation),
        id: asString(operation.operationId),
        title: `${method.toUpperCase()} ${path}`,
      });
    }
  }
  const tags = [...new Set(operations.map((o) => o.tag))];
  const toc = operations
    .map((o) => `<li><a href="#${escapeHtml(o.id)}"><code>${escapeHtml(o.title)}</code></a></li>`)
    .join("");
  const sections = tags
    .map(
      (tag) =>
        `<h2>${escapeHtml(tag)}</h2>${operations
          .filter((o) => o.tag === tag)
          .map((o) => o.html)
          .join("\n")}`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(asString(info.title))} ${escapeHtml(asString(info.version))}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace;font-size:13px}
pre{background:#f6f6f6;padding:.5rem;overflow:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
section{border-top:1px solid #ccc;margin-top:1.5rem}
.method{display:inline-block;min-width:4rem;font-weight:bold}
</style></head>
<body>
<h1>${escapeHtml(asString(info.title))} <small>${escapeHtml(asString(info.version))}</small></h1>
<p>${prose(asString(info.description))}</p>
<p>Machine-readable: <a href="/api/openapi.json"><code>/api/openapi.json</code></a></p>
<ul>${toc}</ul>
${sections}
</body></html>
`;
}
