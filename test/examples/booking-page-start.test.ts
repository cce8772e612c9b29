/**
 * `npm run example`'s start-up failures, each told in one line on stderr with what to do — no stack
 * trace — and exit code 1: the providers' spec snapshots missing, and the port taken.
 */
import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";

/** Runs start.ts as `npm run example` does; resolves when it exits. */
function runExample(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    path.join(repoRoot, "node_modules/.bin/tsx"),
    ["--tsconfig", "examples/tsconfig.json", "examples/booking-page/start.ts"],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run example, when it cannot start", () => {
  it("without the spec snapshots: one line naming the folder, the missing files and what to do", async () => {
    const missing = path.join(repoRoot, "test-results/no-such-specs");
    const { code, stdout, stderr } = await runExample({ SPECS_MIRROR: missing, PORT: "0" });
    expect(code).toBe(1);
    expect(stdout).toBe(""); // no mock was started
    expect(stderr).toBe(
      `booking-page: the providers' spec snapshots are not in ${missing} (missing: savvycal/openapi.json, calcom/openapi.json, astrocal/openapi.json): put them in ../shared/specs beside the checkout, or set SPECS_MIRROR to a folder laid out as <provider>/openapi.json\n`,
    );
  });

  it("with the port taken: one line naming the port and what to do", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const { code, stderr } = await runExample({ PORT: String(port) });
      expect(code).toBe(1);
      expect(stderr).toMatch(
        new RegExp(
          `^booking-page: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.* \\(set PORT to another port\\)\\n$`,
        ),
      );
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
