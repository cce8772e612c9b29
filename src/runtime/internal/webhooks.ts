/**
 * Webhook signatures: HMAC-SHA256 of the raw body, as each provider's annotation file describes it
 * (header, prefix, hex case). Web Crypto only, so it runs in Node, Deno, Bun, workers and browsers.
 * Errors name what is wrong, never the secret or the signature.
 */
import { WebhookVerificationError, type WebhookErrorReason } from "../errors.js";
import type { SignWebhookInput, VerifyWebhookInput, WebhookHeaders, WebhookSignatureScheme } from "../webhook-types.js";

const HEX_DIGITS = { lower: /^[0-9a-f]{64}$/, upper: /^[0-9A-F]{64}$/, any: /^[0-9a-fA-F]{64}$/ } as const;

/** Verifies the signature over the raw body, then parses it as the provider's event. */
export async function verifyWebhookSignature<Event>(
  provider: string,
  scheme: WebhookSignatureScheme,
  input: VerifyWebhookInput,
): Promise<Event> {
  const fail = (reason: WebhookErrorReason, message: string) =>
    new WebhookVerificationError(reason, `${provider} webhook: ${message}`);
  if (typeof input?.secret !== "string" || input.secret === "")
    throw fail("missing_secret", "pass the webhook's signing secret as `secret`");
  const signature = headerValue(input.headers, scheme.header);
  if (signature === undefined)
    throw fail("missing_signature", `no ${scheme.header} header; the request is not signed by ${provider}`);
  if (scheme.unsignedValue !== undefined && signature === scheme.unsignedValue)
    throw fail(
      "unsigned",
      `the webhook has no secret set in ${provider}, so it was sent unsigned; set a secret there and pass it as \`secret\``,
    );
  const prefix = scheme.prefix ?? "";
  const digest = signature.startsWith(prefix) ? signature.slice(prefix.length) : undefined;
  const encoding = scheme.case === "any" ? "hex" : `${scheme.case}case hex`;
  if (digest === undefined || !HEX_DIGITS[scheme.case].test(digest))
    throw fail(
      "malformed_signature",
      `the ${scheme.header} header is not ${prefix ? `"${prefix}" followed by ` : ""}an HMAC-SHA256 digest in ${encoding}`,
    );
  const key = await hmacKey(input.secret, "verify");
  // Web Crypto's verify compares in constant time.
  const valid = await crypto.subtle.verify("HMAC", key, hexToBytes(digest), bodyBytes(input.rawBody));
  if (!valid)
    throw fail(
      "signature_mismatch",
      "the signature does not match the body and secret (wrong secret, or a body that was changed or re-serialised)",
    );
  const text = typeof input.rawBody === "string" ? input.rawBody : new TextDecoder().decode(input.rawBody);
  try {
    return JSON.parse(text) as Event;
  } catch {
    throw fail("invalid_body", "the signature is valid but the body is not JSON");
  }
}

/** The headers the provider would send with this body: for testing handlers. */
export async function signWebhookBody(
  scheme: WebhookSignatureScheme,
  input: SignWebhookInput,
): Promise<Record<string, string>> {
  if (typeof input?.secret !== "string" || input.secret === "")
    throw new WebhookVerificationError("missing_secret", "signWebhook: pass the signing secret as `secret`");
  const key = await hmacKey(input.secret, "sign");
  const digest = bytesToHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, bodyBytes(input.rawBody))));
  return { [scheme.header]: (scheme.prefix ?? "") + (scheme.case === "upper" ? digest.toUpperCase() : digest) };
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers)?.get === "function") return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    // Several values for the signature header is not something a provider sends.
    return typeof value === "string" ? value : value.length === 1 ? value[0] : "";
  }
  return undefined;
}

function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    usage,
  ]);
}

function bodyBytes(body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return new Uint8Array(body);
  throw new WebhookVerificationError("invalid_body", "rawBody must be the body as received: a string or a Uint8Array");
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
