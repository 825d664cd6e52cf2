import { describe, expect, it } from "vitest";
import { IssueError } from "../../src/core/issue.js";
import { loadOptional } from "../../src/core/optional-package.js";

/** Node's error for an import of a package that is not installed. */
const notFound = (name: string) =>
  Object.assign(new Error(`Cannot find package '${name}' imported from /app/dist/plot.js`), {
    code: "ERR_MODULE_NOT_FOUND",
  });

const plot = { feature: "--plot", packages: ["vega", "vega-lite"] };

describe("loadOptional", () => {
  it("returns what the import gives when the packages are there", async () => {
    expect(await loadOptional(plot, async () => ({ render: 1 }))).toEqual({ render: 1 });
  });

  it("names the missing package and the install command for all of them", async () => {
    const loading = loadOptional(plot, () => Promise.reject(notFound("vega-lite")));
    await expect(loading).rejects.toBeInstanceOf(IssueError);
    await expect(loading).rejects.toThrowErrorMatchingInlineSnapshot(
      `[IssueError: --plot needs the 'vega-lite' package: npm install vega vega-lite]`,
    );
    await expect(loading).rejects.toMatchObject({ code: "usage" });
  });

  it("rethrows another missing package as it is: that is a broken install, not an option", async () => {
    const error = notFound("d3-array");
    await expect(loadOptional(plot, () => Promise.reject(error))).rejects.toBe(error);
  });

  it("rethrows any other failure of the import as it is", async () => {
    const error = new SyntaxError("Unexpected token");
    await expect(loadOptional(plot, () => Promise.reject(error))).rejects.toBe(error);
  });

  it("tells the real Node error of a package that is not installed", async () => {
    const name = "prefkit-test-package-that-is-not-installed";
    const loading = loadOptional({ feature: "A test", packages: [name] }, () => import(name));
    await expect(loading).rejects.toMatchObject({
      code: "usage",
      message: `A test needs the '${name}' package: npm install ${name}`,
    });
  });
});
