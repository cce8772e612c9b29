import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { acceptSpec } from "../../src/codegen/accept/accept.js";
import { repoRoot } from "../../src/codegen/config/paths.js";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts Stoplight Prism's mock server on 127.0.0.1 for a spec (as the pipeline accepts and repairs
 * it, written to a temp dir — never into the repository). Prism validates every request against
 * the spec: parameters, required headers, bodies and security.
 */
export async function startPrism(specFile: string, format: "json" | "yaml") {
  const dir = await mkdtemp(path.join(tmpdir(), "prism-"));
  const accepted = await acceptSpec(await readFile(specFile, "utf8"), { name: path.basename(specFile), format });
  const file = path.join(dir, "openapi.json");
  await writeFile(file, JSON.stringify(accepted.document));
  const port = await freePort();
  const child: ChildProcess = spawn(
    path.join(repoRoot, "node_modules/.bin/prism"),
    ["mock", file, "-h", "127.0.0.1", "-p", String(port)],
    {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`prism did not start within 90 s:\n${output.slice(-2000)}`)),
      90_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      child.removeAllListeners("exit");
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid!, "SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type PrismServer = Awaited<ReturnType<typeof startPrism>>;
