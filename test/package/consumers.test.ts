/**
 * The package as apps get it: `npm pack`, installed into a fresh app in a temp folder, then used
 * from plain Node (ESM and require), type-checked by tsc under several configurations, run as a CLI,
 * bundled into a real headless Chromium page and Web Worker, and run in workerd (miniflare). Every
 * client talks real HTTP to a server on 127.0.0.1.
 */
import { execFile } from "node:child_process";
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

const run = promisify(execFile);

let work: string;
let app: string;
let tarball: string;
let api: LoopbackServer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "consumer-"));
  // prepack builds dist/ first, as `npm publish` would.
  const packed = await run("npm", ["pack", "--pack-destination", work, "--json"], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  tarball = path.join(work, JSON.parse(packed.stdout)[0].filename);
  app = path.join(work, "app");
  await mkdir(app);
  await writeFile(
    path.join(app, "package.json"),
    JSON.stringify({ name: "consumer-app", private: true, type: "module" }),
  );
  await run(
    "npm",
    ["install", tarball, "@types/node@20.19.43", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
    { cwd: app, maxBuffer: 64 * 1024 * 1024 },
  );
  api = await startLoopbackServer();
  api.route("*", respond.json({ data: [], ok: true }));
}, 600_000);

afterAll(async () => {
  await api?.close();
  await rm(work, { recursive: true, force: true });
});

const node = (file: string, env: Record<string, string> = {}) =>
  run(process.execPath, [file], { cwd: app, env: { ...process.env, ...env } });
const tsc = (project: string) =>
  run(process.execPath, [path.join(app, "node_modules/typescript/bin/tsc"), "-p", project], { cwd: app }).then(
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
    expect(files).toContain("generated/calcom/README.md");
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(app, "node_modules/scheduling-clients/package.json"), "utf8"));
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe("MIT");
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
  return count + (data.data ? 1 : 0) + (astro.credential.mode === "live" ? 1 : 0) + (new NotFoundError("x", 404, undefined, undefined, null).status);
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
    await run(process.execPath, [path.join(app, "node_modules/typescript/bin/tsc"), "--init"], { cwd: dir });
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

describe("the CLI from an app", () => {
  it("npx scheduling-clients generate writes a client that imports the installed runtime and type-checks", async () => {
    const spec = path.join(repoRoot, "test/fixtures/petshop.json");
    const { stdout } = await run(
      path.join(app, "node_modules/.bin/scheduling-clients"),
      ["generate", "--spec", spec, "--name", "pets", "--out", "clients/pets"],
      { cwd: app },
    );
    expect(stdout).toMatch(/✓ pets: wrote 5 file\(s\) to clients\/pets/);
    expect(await readFile(path.join(app, "clients/pets/index.ts"), "utf8")).toContain('from "openapi-fetch"');
    await writeFile(
      path.join(app, "pets.ts"),
      `import { createPetsClient } from "./clients/pets/index.js";\nexport const pets = () => createPetsClient().GET("/pets/{petId}", { params: { path: { petId: "1" } } });\n`,
    );
    await writeFile(
      path.join(app, "tsconfig.pets.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          target: "es2022",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["pets.ts"],
      }),
    );
    expect(await tsc(path.join(app, "tsconfig.pets.json"))).toBe("");
    const help = await run(path.join(app, "node_modules/.bin/scheduling-clients"), ["--help"], { cwd: app });
    expect(help.stdout).toMatch(/usage: scheduling-clients <command>/);
  });
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
