/**
 * The two packages as apps get them. The clients package (`npm pack` of the repository's root),
 * installed ALONE into a fresh app: its size and dependencies, then used from plain Node (ESM and
 * require), type-checked by tsc under several configurations, bundled into a real headless Chromium
 * page and Web Worker, and run in workerd (miniflare), Bun and Deno. The generator package
 * (`npm pack -w scheduling-clients-codegen`), installed as a devDependency of a second app that
 * generates, type-checks and runs ad-hoc clients. And the clients package installed from a git URL.
 * Every client talks real HTTP to a server on 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose";
import { Miniflare } from "miniflare";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { chromiumForTests } from "../helpers/chromium.js";
import { respond, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";
import { INSTALL_GOALS, installedPackages, packTarball } from "../../bench/install.js";

const run = promisify(execFile);
/** npm as the tests run it: offline-friendly (its cache has the registry packages after `npm ci`). */
const npm = (args: string[], cwd: string) =>
  run("npm", [...args, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
/** The repository's TypeScript: an app that installs the clients package gets none. */
const TSC = path.join(repoRoot, "node_modules/typescript/bin/tsc");

let work: string;
let app: string;
let tarball: string;
let generatorTarball: string;
/** The clients tarball's files, unpacked, in bytes. */
let unpackedSize: number;
/** What installing the clients tarball alone put into the app's node_modules. */
let installed: Awaited<ReturnType<typeof installedPackages>>;
let api: LoopbackServer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "consumer-"));
  // `prepare` builds the clients package's dist/, the generator's `prepack` its own, as publishing would.
  ({ file: tarball, unpackedSize } = await packTarball([], work));
  generatorTarball = (await packTarball(["-w", "scheduling-clients-codegen"], work)).file;
  app = path.join(work, "app");
  await mkdir(app);
  await writeFile(
    path.join(app, "package.json"),
    JSON.stringify({ name: "consumer-app", private: true, type: "module" }),
  );
  await npm(["install", tarball], app);
  installed = await installedPackages(app);
  // For the tsc configurations that name Node's types (after the figures: an app's own choice).
  await npm(["install", "--no-save", "@types/node@20.19.43"], app);
  api = await startLoopbackServer();
  api.route("*", respond.json({ data: [], ok: true }));
}, 900_000);

afterAll(async () => {
  await api?.close();
  await rm(work, { recursive: true, force: true });
});

const node = (file: string, env: Record<string, string> = {}) =>
  run(process.execPath, [file], { cwd: app, env: { ...process.env, ...env } });
const tsc = (project: string, cwd = app) =>
  run(process.execPath, [TSC, "-p", project], { cwd }).then(
    () => "",
    (error: { stdout: string }) => error.stdout,
  );

/** Every client once: the call, and what the server received. */
const EVERY_CLIENT = `
import { createTimekitClient } from "scheduling-clients/timekit";
import { createSavvyCalClient } from "scheduling-clients/savvycal";
import { createCalcomClient } from "scheduling-clients/calcom";
import { createAstrocalClient } from "scheduling-clients/astrocal";
export async function callEveryClient(origin, privateKey) {
  const statuses = {};
  statuses.timekit = (await createTimekitClient({ baseUrl: origin, auth: { kind: "apiKey", apiKey: "tk" } }).GET("/app", { params: { query: {} } })).response.status;
  statuses.calcom = (await createCalcomClient({ baseUrl: origin, auth: { kind: "apiKey", apiKey: "cal_k" } }).GET("/v2/me")).response.status;
  statuses.astrocal = (await createAstrocalClient({ baseUrl: origin, auth: { kind: "none" } }).GET("/health")).response.status;
  const savvy = privateKey
    ? createSavvyCalClient({ baseUrl: origin, auth: { kind: "jwt", privateKey, keyId: "kid_1", userId: "user_1" } })
    : createSavvyCalClient({ baseUrl: origin, auth: { kind: "accountToken", token: "svy" } });
  statuses.savvycal = (await (privateKey ? savvy.GET("/v1/user") : savvy.GET("/v1/account"))).response.status;
  return statuses;
}`;

describe("the tarball", () => {
  it("holds only what apps need", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball]);
    const files = stdout
      .trim()
      .split("\n")
      .map((file) => file.replace(/^package\//, ""));
    expect(files.filter((file) => /^(test|bench|specs|src|scripts)\//.test(file))).toEqual([]);
    expect(files).toContain("LICENSE");
    expect(files).toContain("dist/generated/calcom/index.d.ts");
    // The generated clients' READMEs (spec repairs, auth matrix) are read in the repository, not shipped.
    expect(files.filter((file) => file.startsWith("generated/"))).toEqual([]);
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
    // The generator is the other package; source maps would point at sources the package does not ship.
    expect(files.filter((file) => /^dist\/(src\/codegen|scripts)\/|\.map$/.test(file))).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(app, "node_modules/scheduling-clients/package.json"), "utf8"));
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe("MIT");
    expect(manifest.bin).toBeUndefined();
    // Only what the runtime imports, as ranges an app's other dependencies can share.
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["jose", "openapi-fetch", "openapi-typescript-helpers"]);
    for (const range of Object.values(manifest.dependencies)) expect(range).toMatch(/^\^/);
  });

  it(`installs alone as at most ${INSTALL_GOALS.packages} packages, itself and what the runtime imports`, () => {
    expect(installed.names).toEqual(["jose", "openapi-fetch", "openapi-typescript-helpers", "scheduling-clients"]);
    expect(installed.names.length).toBeLessThanOrEqual(INSTALL_GOALS.packages);
    // No tool of the generator's lands in the app (tsc, prettier, openapi-typescript in .bin).
    expect(existsSync(path.join(app, "node_modules/.bin"))).toBe(false);
  });

  it("its size: the tarball unpacked and what an app installs, within issue #22's goals", () => {
    expect(unpackedSize).toBeLessThanOrEqual(INSTALL_GOALS.unpackedBytes);
    expect(installed.bytes).toBeLessThanOrEqual(INSTALL_GOALS.installBytes);
  });

  it("passes publint and arethetypeswrong", async () => {
    const unpacked = path.join(work, "unpacked");
    await mkdir(unpacked, { recursive: true });
    await run("tar", ["-xzf", tarball, "-C", unpacked]);
    const publint = await run(process.execPath, [
      path.join(repoRoot, "node_modules/publint/src/cli.js"),
      path.join(unpacked, "package"),
      "--strict",
    ]);
    expect(publint.stdout).toMatch(/All good!/);
    // ESM only: Node 10 resolution cannot read subpaths, and TypeScript models require() of ESM as an error.
    const attw = await run(process.execPath, [
      path.join(repoRoot, "node_modules/@arethetypeswrong/cli/dist/index.js"),
      tarball,
      "--profile",
      "esm-only",
      "--format",
      "ascii",
    ]);
    // attw exits non-zero on any problem its profile does not ignore; no line reports one either.
    expect(
      attw.stdout.split("\n").filter((line) => /💀|⚠️|❌|🐛|🥴|🎭/u.test(line) && !line.includes("ignored")),
    ).toEqual([]);
  });
});

describe("plain Node", () => {
  it("node app.mjs: all four subpaths, real calls to a loopback server", async () => {
    await writeFile(path.join(app, "every-client.mjs"), EVERY_CLIENT);
    await writeFile(
      path.join(app, "app.mjs"),
      `import { callEveryClient } from "./every-client.mjs";\nconsole.log(JSON.stringify(await callEveryClient(process.env.API)));\n`,
    );
    api.requests.length = 0;
    const { stdout } = await node("app.mjs", { API: api.origin });
    expect(JSON.parse(stdout)).toEqual({ timekit: 200, calcom: 200, astrocal: 200, savvycal: 200 });
    expect(api.requests.map((request) => [request.url.split("?")[0], request.headers.authorization])).toEqual([
      ["/app", `Basic ${Buffer.from(":tk").toString("base64")}`],
      ["/v2/me", "Bearer cal_k"],
      ["/health", undefined],
      ["/v1/account", "Bearer svy"],
    ]);
  });

  it.each([
    ["Bun", ["bun", "app.mjs"]],
    ["Deno", ["deno", "run", "--allow-net", "--allow-env", "--allow-read", "app.mjs"]],
  ])("%s runs the same app", async (_name, [binary, ...args]) => {
    await writeFile(path.join(app, "every-client.mjs"), EVERY_CLIENT);
    await writeFile(
      path.join(app, "app.mjs"),
      `import { callEveryClient } from "./every-client.mjs";\nconsole.log(JSON.stringify(await callEveryClient(process.env.API)));\n`,
    );
    const { stdout } = await run(path.join(repoRoot, "node_modules/.bin", binary), args, {
      cwd: app,
      env: { ...process.env, API: api.origin, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({
      timekit: 200,
      calcom: 200,
      astrocal: 200,
      savvycal: 200,
    });
  });

  it("require() from CommonJS (Node 20's require of ES modules)", async () => {
    await writeFile(
      path.join(app, "app.cjs"),
      `const { createTimekitClient } = require("scheduling-clients/timekit");\nconst { CredentialError } = require("scheduling-clients/runtime");\nconsole.log(typeof createTimekitClient, typeof CredentialError);\n`,
    );
    const { stdout } = await node("app.cjs");
    expect(stdout.trim()).toBe("function function");
  });
});

describe("TypeScript apps", () => {
  const source = `import { createCalcomClient, NotFoundError, type CalcomWebhookEvent } from "scheduling-clients/calcom";
import { createSavvyCalClient } from "scheduling-clients/savvycal";
import { createTimekitClient } from "scheduling-clients/timekit";
import { createAstrocalClient } from "scheduling-clients/astrocal";

export async function main(apiKey: string): Promise<number> {
  const cal = createCalcomClient({ auth: { kind: "apiKey", apiKey }, throwOnError: true });
  const { data } = await cal.GET("/v2/me");
  const savvy = createSavvyCalClient({ auth: { kind: "accountToken", token: apiKey } });
  let count = 0;
  for await (const appointment of savvy.paginate("/v1/appointments")) count += appointment.id.length;
  const widget = createTimekitClient({ auth: { kind: "widgetKey", widgetKey: apiKey } });
  await widget.POST("/availability", { body: { resources: ["r"] } });
  const astro = createAstrocalClient({ auth: { kind: "apiKey", apiKey } });
  const event = {} as CalcomWebhookEvent;
  if (event.triggerEvent === "BOOKING_CREATED") count += event.payload.uid.length;
  return count + (data.data ? 1 : 0) + (astro.credential.mode === "live" ? 1 : 0) + (new NotFoundError("x", { status: 404 }).status);
}
`;

  it.each([
    ["tsc --init defaults", {}],
    ["node16, no DOM", { module: "node16", moduleResolution: "node16", lib: ["es2022"], types: ["node"] }],
    ["bundler, DOM", { module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"] }],
    [
      "nodenext, no DOM, skipLibCheck off",
      { module: "nodenext", lib: ["es2022"], types: ["node"], skipLibCheck: false },
    ],
  ])("type-checks with %s", async (name, overrides) => {
    const dir = path.join(app, `ts-${name.replace(/\W+/g, "-")}`);
    await mkdir(dir, { recursive: true });
    await run(process.execPath, [TSC, "--init"], { cwd: dir });
    await writeFile(path.join(dir, "app.ts"), source);
    // tsc --init writes JSON with comments: extend it rather than parse it.
    await writeFile(
      path.join(dir, "tsconfig.check.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { noEmit: true, ...overrides },
        files: ["app.ts"],
      }),
    );
    expect(await tsc(path.join(dir, "tsconfig.check.json"))).toBe("");
  });
});

describe("the generator, a devDependency of an app", () => {
  let genApp: string;
  const bin = () => path.join(genApp, "node_modules/.bin/scheduling-clients-codegen");
  const codegen = (args: string[]) =>
    run(bin(), args, { cwd: genApp }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  beforeAll(async () => {
    genApp = path.join(work, "generator-app");
    await mkdir(genApp);
    await writeFile(
      path.join(genApp, "package.json"),
      JSON.stringify({ name: "generator-app", private: true, type: "module" }),
    );
    await npm(["install", tarball], genApp);
    await npm(["install", "--save-dev", generatorTarball], genApp);
  }, 600_000);

  it("its CLI is written for apps: usage with no command is an error (exit 2), --help names the bin", async () => {
    const bare = await codegen([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/no command given[\s\S]*usage: npx scheduling-clients-codegen <command>/);
    const help = await codegen(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npx scheduling-clients-codegen <command>/);
    const generateHelp = await codegen(["generate", "--help"]);
    expect(generateHelp.stdout).toMatch(/^usage: npx scheduling-clients-codegen generate --spec PATH_OR_URL/);
    // Every command's --help describes use in an app (the bin), the repository's npm scripts only as the project form.
    for (const command of ["generate", "pull", "specs:diff"]) {
      const commandHelp = await codegen([command, "--help"]);
      expect(commandHelp.code).toBe(0);
      expect(commandHelp.stdout).toMatch(new RegExp(`^usage: npx scheduling-clients-codegen ${command} `));
      expect(commandHelp.stdout).not.toMatch(/usage: npm run/);
    }
    const diffHelp = await codegen(["specs:diff", "--help"]);
    expect(diffHelp.stdout).toMatch(/^usage: npx scheduling-clients-codegen specs:diff --spec NEW --base OLD/);
    // An app has no specs/providers/: each command without its ad-hoc arguments is a usage error
    // (exit 2) saying what to run instead.
    const noProject = await codegen(["generate"]);
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toMatch(/specs\/providers does not exist → in an app, generate a client from a spec with/);
    const noPull = await codegen(["pull"]);
    expect(noPull.code).toBe(2);
    expect(noPull.stderr).toMatch(/specs\/providers does not exist → in an app, generate a client from a spec with/);
    const noDiff = await codegen(["specs:diff"]);
    expect(noDiff.code).toBe(2);
    expect(noDiff.stderr).toMatch(
      /specs\/providers does not exist → in an app, compare two versions of a spec with `npx scheduling-clients-codegen specs:diff --spec NEW --base OLD`/,
    );
    for (const failure of [noProject, noPull, noDiff]) expect(failure.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("specs:diff --spec NEW --base OLD compares two versions of an app's spec, no provider needed", async () => {
    const base = JSON.parse(await readFile(path.join(repoRoot, "test/fixtures/petshop.json"), "utf8"));
    await writeFile(path.join(genApp, "petshop-old.json"), JSON.stringify(base));
    const changed = structuredClone(base);
    delete changed.components.schemas.Pet.properties.kind; // received: a field the app may read is gone
    delete changed.paths["/pets/{petId}"]; // an operation removed
    await writeFile(path.join(genApp, "petshop-new.json"), JSON.stringify(changed));

    const markdown = await codegen(["specs:diff", "--spec", "petshop-new.json", "--base", "petshop-old.json"]);
    expect(markdown.stderr).toBe("");
    expect(markdown.code).toBe(1); // --fail-on breaking, the default: there are breaking changes
    expect(markdown.stdout).toMatch(/^## petshop-new: [1-9]\d* breaking/m);
    expect(markdown.stdout).toMatch(/^- \*\*GET \/pets\/\{petId\}\*\* — operation removed `operation-removed`$/m);
    expect(markdown.stdout).toMatch(/› kind\) — .*`response-property-removed`$/m);
    expect(markdown.stdout).not.toMatch(/booking/i); // an app's API is not the booking API's

    const json = await codegen([
      "specs:diff",
      "--spec",
      "petshop-new.json",
      "--base",
      "petshop-old.json",
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.providers[0].findings).toContainEqual(
      expect.objectContaining({
        id: "operation-removed",
        level: "breaking",
        operation: "GET /pets/{petId}",
        affects: [],
      }),
    );
    const same = await codegen(["specs:diff", "--spec", "petshop-old.json", "--base", "petshop-old.json"]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/No client-facing change\./);
  });

  it("generates clients with and without annotations that import the installed runtime, type-check and run", async () => {
    await writeFile(
      path.join(genApp, "acme.yaml"),
      await readFile(path.join(repoRoot, "test/fixtures/acme/openapi.yaml")),
    );
    await writeFile(
      path.join(genApp, "acme-auth.yaml"),
      await readFile(path.join(repoRoot, "test/fixtures/acme/annotations.yaml")),
    );
    await writeFile(
      path.join(genApp, "petshop.json"),
      await readFile(path.join(repoRoot, "test/fixtures/petshop.json")),
    );
    const pets = await codegen(["generate", "--spec", "petshop.json", "--name", "pets", "--out", "src/pets"]);
    expect(pets.stdout).toMatch(/✓ pets: wrote 8 file\(s\) to src\/pets/);
    const acme = await codegen([
      "generate",
      "--spec",
      "acme.yaml",
      "--name",
      "acme",
      "--out",
      "src/acme",
      "--annotations",
      "acme-auth.yaml",
    ]);
    expect(acme.stdout).toMatch(/✓ acme: wrote \d+ file\(s\) to src\/acme/);
    for (const client of ["pets", "acme"]) {
      const index = await readFile(path.join(genApp, `src/${client}/index.ts`), "utf8");
      expect(index).toContain('from "scheduling-clients/runtime"');
      expect(index).not.toContain('"openapi-fetch"');
      // The README is the app's: its import, its command, and the format doc the generator ships.
      const readme = await readFile(path.join(genApp, `src/${client}/README.md`), "utf8");
      expect(readme).toContain(`from "./src/${client}/index.js"`);
      expect(readme).toMatch(/regenerate it with `npx scheduling-clients-codegen generate --spec /);
      const doc = readme.match(/\[format\]\(([^)]+)\)/)![1];
      expect(path.resolve(genApp, `src/${client}`, doc)).toBe(
        path.join(genApp, "node_modules/scheduling-clients-codegen/docs/annotations.md"),
      );
      expect(existsSync(path.resolve(genApp, `src/${client}`, doc))).toBe(true);
    }

    await writeFile(
      path.join(genApp, "src/main.ts"),
      `import { createPetsClient } from "./pets/index.js";
import { createAcmeClient, NotFoundError } from "./acme/index.js";

// The server's origin, from the command line (the app has no Node types).
const origin = (globalThis as unknown as { process: { argv: string[] } }).process.argv[2];
const pets = createPetsClient({ baseUrl: origin, auth: { kind: "none" }, logLevel: "off" });
const acme = createAcmeClient({ baseUrl: origin, auth: { kind: "session", accessToken: "acme-key" }, logLevel: "off" });
const results: Record<string, unknown> = {};
results.pet = (await pets.GET("/pets/{petId}", { params: { path: { petId: "1" } } })).response.status;
results.me = (await acme.GET("/v1/me")).response.status;
try {
  await acme.GET("/v1/me", { throwOnError: true });
} catch (error) {
  results.notFound = error instanceof NotFoundError;
}
console.log(JSON.stringify(results));
`,
    );
    await writeFile(
      path.join(genApp, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "es2022",
          module: "nodenext",
          strict: true,
          skipLibCheck: false,
          lib: ["es2022", "dom"],
          types: [],
          outDir: "build",
        },
        include: ["src"],
      }),
    );
    expect(await tsc(path.join(genApp, "tsconfig.json"), genApp)).toBe("");

    const server = await startLoopbackServer();
    try {
      server.route("*", respond.json({ ok: true }));
      // The first /v1/me succeeds, the next is a 404 (with Acme's documented error body).
      server.route(
        "/v1/me",
        respond.json({ id: "me" }),
        respond.text(404, JSON.stringify({ error: { code: "missing", message: "no such user" } }), "application/json"),
      );
      const { stdout } = await run(process.execPath, ["build/main.js", server.origin], { cwd: genApp });
      expect(JSON.parse(stdout)).toEqual({ pet: 200, me: 200, notFound: true });
      expect(server.requests.find((request) => request.url === "/v1/me")?.headers.authorization).toBe(
        "Session acme-key",
      );
    } finally {
      await server.close();
    }
  }, 300_000);
});

describe("a git dependency", () => {
  it("npm install git+file://<clone> builds the clients package on prepare and it works", async () => {
    // A clone of the committed tree, as a git host would serve it.
    const clone = path.join(work, "clone");
    await run("git", ["clone", "--quiet", "--no-local", repoRoot, clone]);
    const gitApp = path.join(work, "git-app");
    await mkdir(gitApp);
    await writeFile(
      path.join(gitApp, "package.json"),
      JSON.stringify({ name: "git-app", private: true, type: "module" }),
    );
    await npm(["install", `git+file://${clone}`], gitApp);
    expect(existsSync(path.join(gitApp, "node_modules/scheduling-clients/dist/generated/timekit/index.js"))).toBe(true);
    await writeFile(
      path.join(gitApp, "app.mjs"),
      `import { createTimekitClient } from "scheduling-clients/timekit";
const client = createTimekitClient({ baseUrl: process.env.API, auth: { kind: "apiKey", apiKey: "tk" } });
console.log((await client.GET("/app", { params: { query: {} } })).response.status);\n`,
    );
    const { stdout } = await run(process.execPath, ["app.mjs"], {
      cwd: gitApp,
      env: { ...process.env, API: api.origin },
    });
    expect(stdout.trim()).toBe("200");
  }, 900_000);
});

describe("a real browser", () => {
  it("the Timekit widget-key and Astrocal public clients call the API; the guard fires in the page and in a Web Worker", async () => {
    const chromiumInstall = await chromiumForTests();
    await writeFile(
      path.join(app, "page.mjs"),
      `import { createTimekitClient } from "scheduling-clients/timekit";
import { createAstrocalClient } from "scheduling-clients/astrocal";
const guard = () => { try { createTimekitClient({ auth: { kind: "apiKey", apiKey: "tk_secret" } }); return "created"; } catch (error) { return error.name; } };
const results = {};
results.widget = (await createTimekitClient({ baseUrl: location.origin, auth: { kind: "widgetKey", widgetKey: "wk" } }).POST("/availability", { body: {} })).response.status;
results.astrocal = (await createAstrocalClient({ baseUrl: location.origin, auth: { kind: "none" } }).GET("/health")).response.status;
results.pageGuard = guard();
const worker = new Worker("/worker.js", { type: "module" });
results.worker = await new Promise((resolve) => (worker.onmessage = (event) => resolve(event.data)));
window.__results = results;`,
    );
    await writeFile(
      path.join(app, "worker.mjs"),
      `import { createTimekitClient } from "scheduling-clients/timekit";
let guard;
try { createTimekitClient({ auth: { kind: "apiKey", apiKey: "tk_secret" } }); guard = "created"; } catch (error) { guard = error.name; }
const status = (await createTimekitClient({ baseUrl: location.origin, auth: { kind: "widgetKey", widgetKey: "wk" } }).POST("/availability", { body: {} })).response.status;
postMessage({ guard, status });`,
    );
    const bundle = async (entry: string) =>
      (
        await build({
          entryPoints: [path.join(app, entry)],
          absWorkingDir: app,
          bundle: true,
          format: "esm",
          platform: "browser",
          write: false,
          logLevel: "silent",
        })
      ).outputFiles[0].text;
    const [pageJs, workerJs] = [await bundle("page.mjs"), await bundle("worker.mjs")];
    const site = await startLoopbackServer();
    site.route("/", respond.text(200, `<!doctype html><script type="module" src="/page.js"></script>`, "text/html"));
    site.route("/page.js", respond.text(200, pageJs, "text/javascript"));
    site.route("/worker.js", respond.text(200, workerJs, "text/javascript"));
    site.route("/availability", respond.json({ data: [] }));
    site.route("/health", respond.json({ status: "ok" }));
    const browser = await chromium.launch({
      executablePath: chromiumInstall.executablePath,
      env: { ...process.env, ...chromiumInstall.env },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(site.origin);
      await page.waitForFunction(() => (window as unknown as { __results?: unknown }).__results, undefined, {
        timeout: 20_000,
      });
      const results = await page.evaluate(() => (window as unknown as { __results: unknown }).__results);
      expect(errors).toEqual([]);
      expect(results).toEqual({
        widget: 200,
        astrocal: 200,
        pageGuard: "CredentialError",
        worker: { guard: "CredentialError", status: 200 },
      });
      const widgetCalls = site.requests.filter((request) => request.url === "/availability");
      expect(widgetCalls.map((request) => request.headers.authorization)).toEqual([
        `Basic ${Buffer.from(":wk").toString("base64")}`,
        `Basic ${Buffer.from(":wk").toString("base64")}`,
      ]);
    } finally {
      await browser.close();
      await site.close();
    }
  }, 120_000);
});

describe("workerd (miniflare)", () => {
  it("runs all four clients, SavvyCal's JWT minting included, and is not taken for a browser", async () => {
    const keys = await generateKeyPair("ES256", { extractable: true });
    await writeFile(path.join(app, "every-client.mjs"), EVERY_CLIENT);
    await writeFile(
      path.join(app, "worker-entry.mjs"),
      `import { callEveryClient } from "./every-client.mjs";
export default { async fetch(request, env) { return Response.json(await callEveryClient(env.API, env.PRIVATE_KEY)); } };`,
    );
    const script = (
      await build({
        entryPoints: [path.join(app, "worker-entry.mjs")],
        absWorkingDir: app,
        bundle: true,
        format: "esm",
        platform: "browser",
        conditions: ["workerd", "worker"],
        write: false,
        logLevel: "silent",
      })
    ).outputFiles[0].text;
    const mf = new Miniflare({
      modules: true,
      script,
      compatibilityDate: "2024-09-23",
      bindings: { API: api.origin, PRIVATE_KEY: await exportPKCS8(keys.privateKey) },
    });
    api.requests.length = 0;
    try {
      const response = await mf.dispatchFetch("http://worker.local/");
      expect(await response.json()).toEqual({ timekit: 200, calcom: 200, astrocal: 200, savvycal: 200 });
    } finally {
      await mf.dispose();
    }
    const jwt = api.requests
      .find((request) => request.url === "/v1/user")!
      .headers.authorization!.replace(/^Bearer /, "");
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      await importSPKI(await exportSPKI(keys.publicKey), "ES256"),
    );
    expect([protectedHeader.kid, payload.sub]).toEqual(["kid_1", "user_1"]);
  }, 120_000);
});

afterAll(async () => {
  // Nothing of the app leaks into the repository.
  expect((await readdir(repoRoot)).filter((name) => name.endsWith(".tgz"))).toEqual([]);
});
