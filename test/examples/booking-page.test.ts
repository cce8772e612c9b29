/**
 * The example booking page (examples/booking-page) as a newcomer meets it: `npm run example`'s
 * command started as its own process — so `scheduling-clients/booking` resolves as in an app,
 * through package.json's exports to dist/ — against the Prism mocks, then driven in real headless
 * Chromium: for each provider pick an event type, the day, a free time, book it and see the
 * confirmation. A screenshot per provider lands in test-results/booking-page/<provider>.png
 * (git-ignored), to look at what the page showed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { chromiumForTests } from "../helpers/chromium.js";
import { providerIds } from "../helpers/prism.js";

const screenshots = path.join(repoRoot, "test-results/booking-page");
let example: ChildProcess | undefined;
let output = "";
let origin = "";
let browser: Browser | undefined;

/** Starts the example as `npm run example` does (package.json's script), on a free port; resolves with its URL. */
async function startExample(): Promise<string> {
  if (!existsSync(path.join(repoRoot, "dist/src/booking/index.js")))
    throw new Error("dist/ is missing: run npm run build (npm ci runs it) before this test");
  example = spawn(
    path.join(repoRoot, "node_modules/.bin/tsx"),
    ["--tsconfig", "examples/tsconfig.json", "examples/booking-page/start.ts"],
    { cwd: repoRoot, env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Booking page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    example!.stdout!.on("data", onData);
    example!.stderr!.on("data", onData);
    example!.once("exit", (code) => reject(new Error(`the example exited with ${code}:\n${output.slice(-2000)}`)));
  });
}

beforeAll(async () => {
  const [url, install] = await Promise.all([startExample(), chromiumForTests()]);
  origin = url;
  browser = await chromium.launch({
    executablePath: install.executablePath,
    env: { ...process.env, ...install.env },
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
  });
  await mkdir(screenshots, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (example && example.exitCode === null) {
    // SIGTERM lets the example stop its Prism mocks, which run in their own process groups.
    example.removeAllListeners("exit");
    const exited = new Promise((resolve) => example!.once("exit", resolve));
    example.kill("SIGTERM");
    await exited;
  }
});

describe("the example booking page in headless Chromium", () => {
  it.each(providerIds)("books a slot on %s and shows the confirmation", async (provider) => {
    const context = await browser!.newContext({ timezoneId: "Europe/Berlin", viewport: { width: 800, height: 900 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      const requested: string[] = [];
      page.on("request", (request) => requested.push(request.url()));
      await page.goto(origin);

      await page.selectOption("#provider", provider);
      await page.locator("#event-types button").first().click();
      await expect.poll(() => page.inputValue("#day")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const slot = page.locator("#slots button").first();
      await slot.click();
      expect(await slot.textContent()).toMatch(/^\d{2}:\d{2}–\d{2}:\d{2}$/);
      await page.fill("#name", "Ada Lovelace");
      await page.fill("#email", "ada@example.com");
      await page.click("#submit");

      const message = page.locator("#message.confirmed");
      await message.waitFor();
      expect(await message.textContent()).toMatch(
        /^Booked: .+ on \d{4}-\d{2}-\d{2} at \d{2}:\d{2} \(Europe\/Berlin\)\./,
      );
      await page.screenshot({ path: path.join(screenshots, `${provider}.png`), fullPage: true });

      expect(errors).toEqual([]);
      // The browser talks to the page's own server only: the credentials stay there.
      expect(requested.filter((url) => !url.startsWith(origin))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a booking in flight locks the page, and its confirmation names what was booked even if the page changed", async () => {
    const context = await browser!.newContext({ timezoneId: "Europe/Berlin", viewport: { width: 800, height: 900 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      // The server's answer to the booking waits until the test has changed the page under it.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let arrived!: () => void;
      const inFlight = new Promise<void>((resolve) => (arrived = resolve));
      let bookings = 0;
      await page.route("**/api/*/bookings", async (route) => {
        bookings++;
        arrived();
        await released;
        await route.continue();
      });
      await page.goto(origin);

      await page.selectOption("#provider", "calcom");
      const type = page.locator("#event-types button").first();
      await type.click();
      const title = (await type.textContent())!.replace(/ \(\d+ min\)$/, "");
      await expect.poll(() => page.inputValue("#day")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const day = await page.inputValue("#day");
      const slot = page.locator("#slots button").first();
      await slot.click();
      const time = (await slot.textContent())!.slice(0, 5);
      await page.fill("#name", "Ada Lovelace");
      await page.fill("#email", "ada@example.com");
      await page.click("#submit");
      await inFlight;

      // Nothing can be changed while the booking is in flight, nor Book pressed again.
      for (const control of ["#provider", "#day", "#submit", "#name"])
        expect(await page.isDisabled(control), control).toBe(true);
      expect(await slot.isDisabled()).toBe(true);
      // Were a change to reach the page anyway (a script, an older page), the answer still tells what was booked:
      // another day, then another provider, as a user's changes would arrive.
      await page.evaluate(() => {
        const input = document.getElementById("day") as HTMLInputElement;
        input.value = "2031-01-02";
        input.dispatchEvent(new Event("change"));
        const select = document.getElementById("provider") as HTMLSelectElement;
        select.value = "timekit";
        select.dispatchEvent(new Event("change"));
      });
      release();

      const message = page.locator("#message.confirmed");
      await message.waitFor();
      const text = await message.textContent();
      expect(text).toMatch(/^Booked: .+\. Booking .+\.$/);
      expect(text).toContain(`Booked: ${title} on ${day} at ${time} (Europe/Berlin). Booking `);
      // Booked once; Book stays disabled (no time is chosen now), and the page is unlocked.
      expect(await page.isDisabled("#submit")).toBe(true);
      expect(await page.isDisabled("#provider")).toBe(false);
      expect(await page.isDisabled("#day")).toBe(false);
      expect(bookings).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
