/** What webhook verification takes: a provider's signature scheme, the request's body and headers, the secret. */

/** How a provider signs its webhooks (from its annotation file). */
export interface WebhookSignatureScheme {
  /** Header carrying the signature; matched case-insensitively. */
  readonly header: string;
  /** Text before the hex digest, e.g. `sha256=`. */
  readonly prefix?: string;
  /** Case of the hex digest: exactly `lower` or `upper`, or `any` where the docs do not say. */
  readonly case: "lower" | "upper" | "any";
  /** The header's value when the sender has no secret configured (Cal.com: `no-secret-provided`). */
  readonly unsignedValue?: string;
}

export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookInput {
  /** The request body exactly as received: a re-serialised JSON body will not verify. */
  readonly rawBody: string | Uint8Array;
  readonly headers: WebhookHeaders;
  readonly secret: string;
}

export interface SignWebhookInput {
  readonly rawBody: string | Uint8Array;
  readonly secret: string;
}
