// Loads JSON documents into published TypeScript models: each becomes `export const input = <json> satisfies T;`
// and `tsc --strict` refuses an unknown or misspelt key (the object literal's excess property check), a wrong type
// and a value outside an enum, naming the line. One tsc run for all of them.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * entries: [{ label, module, type, json }]: label names the document in errors ("ecs/x.json"), json is its text.
 * lineOffset: true when json is the file's own text, so a line in the error is a line of the file.
 * Returns ["label[:line]: message", ...].
 */
export function typecheck(entries, { lines = true } = {}) {
  if (entries.length === 0) {
    return [];
  }
  const work = fs.mkdtempSync(path.join(here, ".typecheck-"));
  try {
    const labels = new Map();
    entries.forEach(({ label, module, type, json }, i) => {
      const name = `document${i}.ts`;
      // The JSON starts on line 2, so a line reported in the .ts file is one more than in the document.
      fs.writeFileSync(path.join(work, name), `import type { ${type} } from "${module}";\nexport const input = ${json.trimEnd()} satisfies ${type};\n`);
      labels.set(name, label);
    });
    fs.writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", skipLibCheck: true, types: [] },
      include: ["*.ts"],
    }));
    try {
      execFileSync(process.execPath, [path.join(here, "node_modules", "typescript", "bin", "tsc"), "-p", work], { encoding: "utf8", stdio: "pipe" });
      return [];
    } catch (e) {
      const output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
      const errors = [];
      for (const line of output.split("\n").filter((l) => l.trim() && !/^\s/.test(l))) {
        const m = /^(?:.*[\\/])?(document\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
        errors.push(m && labels.has(m[1]) ? `${labels.get(m[1])}${lines ? `:${Number(m[2]) - 1}` : ""}: ${m[4]}` : `tsc: ${line}`);
      }
      return errors.length > 0 ? errors : [`tsc failed: ${output.slice(0, 500)}`];
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
