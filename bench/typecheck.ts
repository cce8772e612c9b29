/**
 * Figure 2: the type-check cost of a consumer calling a dozen operations of each provider through
 * our clients, against the same calls through bare openapi-fetch over plain openapi-typescript types.
 * Both sides consume declaration files, as an app does (the package ships `.d.ts`; `skipLibCheck`,
 * tsc's default, leaves their insides unchecked), so the figure is what the calls cost.
 */
import { writeFileSync } from "node:fs";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Manifest, ParameterSurface } from "../src/codegen/model/manifest.js";
import type { Row } from "./generation.js";
import { fmt, median, timeProcess } from "./measure.js";

/** The credential each consumer uses, and which operations it may call. */
const CONSUMERS = {
  savvycal: { factory: "createSavvyCalClient", auth: `{ kind: "accountToken", token: "t" }`, kind: "accountToken" },
  calcom: { factory: "createCalcomClient", auth: `{ kind: "apiKey", apiKey: "cal_x" }`, kind: "apiKey" },
  astrocal: { factory: "createAstrocalClient", auth: `{ kind: "apiKey", apiKey: "ac_test_x" }`, kind: "apiKey" },
  timekit: { factory: "createTimekitClient", auth: `{ kind: "apiKey", apiKey: "k" }`, kind: "apiKey" },
} as const;

function sampleValue(field: ParameterSurface, schemas: Manifest["schemas"]): string {
  let schema = field.schema;
  while (schema.ref !== undefined) schema = schemas[schema.ref] ?? {};
  if (schema.enum?.length) return JSON.stringify(schema.enum[0]);
  const type = schema.type?.[0] ?? "string";
  if (type === "integer" || type === "number") return "1";
  if (type === "boolean") return "true";
  if (type === "array") return "[]";
  return '"x"';
}

function objectLiteral(
  fields: Record<string, ParameterSurface>,
  include: (name: string, field: ParameterSurface) => boolean,
  schemas: Manifest["schemas"],
): string | undefined {
  const entries = Object.entries(fields).filter(([name, field]) => include(name, field));
  return entries.length
    ? `{ ${entries.map(([name, field]) => `${JSON.stringify(name)}: ${sampleValue(field, schemas)}`).join(", ")} }`
    : undefined;
}

/** Renders one call; `bare` passes every required header itself (the generated client injects them). */
function call(
  client: string,
  key: string,
  operation: Manifest["operations"][string],
  bare: boolean,
  index: number,
  schemas: Manifest["schemas"],
): string {
  const [method, route] = key.split(" ");
  const params: string[] = [];
  const pathParams = objectLiteral(operation.parameters.path, () => true, schemas);
  const query = objectLiteral(operation.parameters.query, (_, f) => f.required, schemas);
  const header = bare ? objectLiteral(operation.parameters.header, (_, f) => f.required, schemas) : undefined;
  if (pathParams) params.push(`path: ${pathParams}`);
  if (query) params.push(`query: ${query}`);
  if (header) params.push(`header: ${header.replace(/"authorization"/, '"Authorization"')}`);
  const init = [params.length ? `params: { ${params.join(", ")} }` : "", operation.requestBody ? "body: {} as any" : ""]
    .filter(Boolean)
    .join(", ");
  return `  const r${index} = await ${client}.${method}(${JSON.stringify(route)}${init ? `, { ${init} }` : ""});\n  void r${index}.data;`;
}

export async function typecheckFigures(root: string, runs: number): Promise<Row[]> {
  const ours: string[] = [];
  const bare: string[] = [];
  for (const [id, consumer] of Object.entries(CONSUMERS)) {
    const manifest = JSON.parse(await readFile(path.join(root, "generated", id, "manifest.json"), "utf8")) as Manifest;
    const picked = Object.entries(manifest.operations)
      .filter(
        ([key, op]) =>
          key.startsWith("GET ") && (op.credentials.includes(consumer.kind) || op.credentials.includes("none")),
      )
      .slice(0, 12);
    ours.push(`import { ${consumer.factory} } from "./decl/generated/${id}/index.js";`);
    bare.push(`import type { paths as ${id}Paths } from "./bare-decl/${id}.js";`);
    await mkdir(path.join(root, "bare-decl"), { recursive: true });
    await copyFile(path.join(root, `bare-${id}.ts`), path.join(root, "bare-decl", `${id}.d.ts`));
    const oursBody = picked.map(([key, op], i) => call(id, key, op, false, i, manifest.schemas)).join("\n");
    const bareBody = picked.map(([key, op], i) => call(id, key, op, true, i, manifest.schemas)).join("\n");
    ours.push(
      `export async function use_${id}() {\n  const ${id} = ${consumer.factory}({ auth: ${consumer.auth} });\n${oursBody}\n}`,
    );
    bare.push(
      `export async function use_${id}() {\n  const ${id} = createClient<${id}Paths>({ baseUrl: "https://example.invalid" });\n${bareBody}\n}`,
    );
  }
  bare.unshift(`import createClient from "openapi-fetch";`);
  await writeFile(path.join(root, "consumer-ours.ts"), ours.join("\n"));
  await writeFile(path.join(root, "consumer-bare.ts"), bare.join("\n"));
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  const base = {
    strict: true,
    skipLibCheck: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    types: ["node"],
  };
  // The clients' declarations, as the package ships them (npm run build emits the same).
  const declarations = path.join(root, "tsconfig.declarations.json");
  writeFileSync(
    declarations,
    JSON.stringify({
      compilerOptions: {
        ...base,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: ".",
        outDir: "decl",
        paths: {
          "scheduling-clients/runtime": ["./src/runtime/index.ts"],
          "scheduling-clients/runtime/generated": ["./src/runtime/generated.ts"],
        },
      },
      files: Object.keys(CONSUMERS).map((id) => `generated/${id}/index.ts`),
    }),
  );
  timeProcess(process.execPath, [tsc, "-p", declarations], { cwd: root });
  const measure = (file: string) => {
    const project = path.join(root, `tsconfig.${file}.json`);
    const options = {
      ...base,
      noEmit: true,
      paths: {
        "scheduling-clients/runtime": ["./decl/src/runtime/index.d.ts"],
        "scheduling-clients/runtime/generated": ["./decl/src/runtime/generated.d.ts"],
      },
    };
    writeFileSync(project, JSON.stringify({ compilerOptions: options, files: [file] }));
    const samples = Array.from({ length: runs }, () => {
      const { output } = timeProcess(process.execPath, [tsc, "--extendedDiagnostics", "-p", project], { cwd: root });
      const read = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output)?.[1]);
      return {
        check: read("Check time") * 1000,
        instantiations: read("Instantiations"),
        total: read("Total time") * 1000,
      };
    });
    return {
      check: median(samples.map((s) => s.check)),
      instantiations: median(samples.map((s) => s.instantiations)),
      total: median(samples.map((s) => s.total)),
    };
  };
  const o = measure("consumer-ours.ts");
  const b = measure("consumer-bare.ts");
  return [
    {
      figure: "tsc check time, 48 calls (12 per provider)",
      ours: fmt.ms(o.check),
      baseline: fmt.ms(b.check),
      ratio: o.check / b.check,
      goal: "≤ 1.1×",
      met: o.check / b.check <= 1.1,
      note: `total ${fmt.ms(o.total)} vs ${fmt.ms(b.total)}`,
    },
    {
      figure: "tsc instantiations, same file",
      ours: fmt.n(o.instantiations),
      baseline: fmt.n(b.instantiations),
      ratio: o.instantiations / b.instantiations,
      note: "what check time follows; no goal of its own",
    },
  ];
}
