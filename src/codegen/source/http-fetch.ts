/**
 * Fetching a spec over HTTP(S) the way a build tool should: a timeout per attempt, bounded retries
 * with capped exponential backoff on network errors and 5xx, a size cap, conditional requests, and
 * redirects followed only within the spec URL's origin (or to origins its config allows).
 */
import { FetchProblem } from "../support/errors.js";
import { displayUrl, sanitizeRemote } from "../support/escape.js";

/** No wait between attempts is longer than this. */
export const MAX_BACKOFF_MS = 10_000;
const MAX_REDIRECTS = 5;

export interface FetchPolicy {
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxBytes: number;
}

export const defaultFetchPolicy: FetchPolicy = {
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 500,
  maxBytes: 25 * 1024 * 1024,
};

export type FetchResult =
  { status: "fetched"; text: string; etag: string | null; contentType: string | null } | { status: "not-modified" };

class RetryableFailure extends Error {}

export interface FetchSpecOptions {
  etag?: string | null;
  policy?: Partial<FetchPolicy>;
  /** Origins besides the URL's own that a redirect may lead to. */
  allowRedirectTo?: string[];
}

export async function fetchSpec(url: string, options: FetchSpecOptions = {}): Promise<FetchResult> {
  const policy = { ...defaultFetchPolicy, ...options.policy };
  const parsed = new URL(url);
  // fetch() refuses them, echoing the URL: refuse first, without it.
  if (parsed.username || parsed.password)
    throw new FetchProblem(
      `the URL ${displayUrl(url)} carries a user name or password`,
      "serve the mirror without credentials in its URL (e.g. on loopback, or a local folder)",
    );
  let lastFailure = "";
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    if (attempt > 0) await sleep(Math.min(policy.backoffMs * 2 ** (attempt - 1), MAX_BACKOFF_MS));
    try {
      return await fetchOnce(
        url,
        options.etag ?? null,
        policy,
        new Set([new URL(url).origin, ...(options.allowRedirectTo ?? []).map((o) => new URL(o).origin)]),
      );
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      lastFailure = error.message;
    }
  }
  const tries = policy.retries + 1;
  throw new FetchProblem(
    `${lastFailure} (gave up after ${tries} attempt${tries === 1 ? "" : "s"})`,
    "check the network or the provider's status, then pull again; set SPECS_MIRROR to work offline",
  );
}

async function fetchOnce(
  url: string,
  etag: string | null,
  policy: FetchPolicy,
  allowedOrigins: Set<string>,
): Promise<FetchResult> {
  const headers: Record<string, string> = { accept: "application/json, application/yaml;q=0.9, */*;q=0.5" };
  if (etag) headers["if-none-match"] = etag;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    let response: Response;
    let target = url;
    for (let redirects = 0; ; redirects++) {
      try {
        response = await fetch(target, { headers, signal: controller.signal, redirect: "manual" });
      } catch (error) {
        throw new RetryableFailure(
          controller.signal.aborted
            ? `no response within ${policy.timeoutMs} ms`
            : `request failed: ${networkReason(error)}`,
        );
      }
      const location =
        response.status >= 300 && response.status < 400 && response.status !== 304
          ? response.headers.get("location")
          : null;
      if (location === null) break;
      await response.body?.cancel();
      const next = new URL(location, target);
      if (!allowedOrigins.has(next.origin))
        throw new FetchProblem(
          `redirected to another origin (${displayUrl(next.href)}); not followed`,
          "if the provider moved its spec, update `source.url` in its config, or list the origin in `source.allowRedirectTo`",
        );
      if (redirects >= MAX_REDIRECTS)
        throw new FetchProblem(`more than ${MAX_REDIRECTS} redirects`, "check the spec URL");
      target = next.href;
    }
    if (response.status === 304) {
      await response.body?.cancel();
      // Not modified — compared with what? Without an ETag sent, the answer says nothing: ask again.
      if (!etag) throw new RetryableFailure("answered 304 Not Modified to a request without If-None-Match");
      return { status: "not-modified" };
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new RetryableFailure(`server error HTTP ${response.status}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchProblem(
        `HTTP ${response.status} ${sanitizeRemote(response.statusText, 80)}`.trim(),
        response.status === 404
          ? "the spec URL moved: update `source.url` in the provider's config"
          : "check the spec URL and whether it needs credentials",
      );
    }
    const declared = Number(response.headers.get("content-length"));
    if (declared > policy.maxBytes) {
      await response.body?.cancel();
      throw tooLarge(declared, policy.maxBytes);
    }
    const text = await readCapped(response, policy.maxBytes, controller);
    return {
      status: "fetched",
      text,
      etag: response.headers.get("etag"),
      contentType: response.headers.get("content-type"),
    };
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response, maxBytes: number, controller: AbortController): Promise<string> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge(total, maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FetchProblem) throw error;
    throw new RetryableFailure(
      controller.signal.aborted
        ? "the response stopped arriving before the timeout"
        : `reading the response failed: ${networkReason(error)}`,
    );
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(bytes: number, maxBytes: number): FetchProblem {
  return new FetchProblem(
    `response is larger than the ${maxBytes}-byte cap (${bytes}+ bytes)`,
    "check the spec URL; if the spec really grew, raise the cap with --max-bytes",
  );
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return sanitizeRemote(cause?.code ?? cause?.message ?? (error as Error).message, 160);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
