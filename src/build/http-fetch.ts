/**
 * Fetching a spec over HTTP(S) the way a build tool should: a timeout per attempt, bounded retries
 * with exponential backoff on network errors and 5xx, a size cap, and conditional requests.
 */
import { FetchProblem } from "./errors.js";

export interface FetchPolicy {
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxBytes: number;
}

export const defaultFetchPolicy: FetchPolicy = { timeoutMs: 30_000, retries: 3, backoffMs: 500, maxBytes: 25 * 1024 * 1024 };

export type FetchResult =
  | { status: "fetched"; text: string; etag: string | null; contentType: string | null }
  | { status: "not-modified" };

class RetryableFailure extends Error {}

export async function fetchSpec(url: string, options: { etag?: string | null; policy?: Partial<FetchPolicy> } = {}): Promise<FetchResult> {
  const policy = { ...defaultFetchPolicy, ...options.policy };
  let lastFailure = "";
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    if (attempt > 0) await sleep(policy.backoffMs * 2 ** (attempt - 1));
    try {
      return await fetchOnce(url, options.etag ?? null, policy);
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      lastFailure = error.message;
    }
  }
  const tries = policy.retries + 1;
  throw new FetchProblem(`${lastFailure} (gave up after ${tries} attempt${tries === 1 ? "" : "s"})`, "check the network or the provider's status, then pull again; set SPECS_MIRROR to work offline");
}

async function fetchOnce(url: string, etag: string | null, policy: FetchPolicy): Promise<FetchResult> {
  const headers: Record<string, string> = { accept: "application/json, application/yaml;q=0.9, */*;q=0.5" };
  if (etag) headers["if-none-match"] = etag;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: controller.signal, redirect: "follow" });
    } catch (error) {
      throw new RetryableFailure(controller.signal.aborted ? `no response within ${policy.timeoutMs} ms` : `request failed: ${networkReason(error)}`);
    }
    if (response.status === 304) return { status: "not-modified" };
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new RetryableFailure(`server error HTTP ${response.status}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchProblem(`HTTP ${response.status} ${response.statusText}`.trim(), response.status === 404 ? "the spec URL moved: update `source.url` in the provider's config" : "check the spec URL and whether it needs credentials");
    }
    const declared = Number(response.headers.get("content-length"));
    if (declared > policy.maxBytes) {
      await response.body?.cancel();
      throw tooLarge(declared, policy.maxBytes);
    }
    const text = await readCapped(response, policy.maxBytes, controller);
    return { status: "fetched", text, etag: response.headers.get("etag"), contentType: response.headers.get("content-type") };
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
    throw new RetryableFailure(controller.signal.aborted ? "the response stopped arriving before the timeout" : `reading the response failed: ${networkReason(error)}`);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(bytes: number, maxBytes: number): FetchProblem {
  return new FetchProblem(`response is larger than the ${maxBytes}-byte cap (${bytes}+ bytes)`, "check the spec URL; if the spec really grew, raise the cap with --max-bytes");
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
