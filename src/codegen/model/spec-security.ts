/**
 * Annotations for a spec that comes without an annotation file (ad-hoc `generate --spec`): its own
 * `components.securitySchemes` become the credential kinds, where the runtime can send them as a
 * plain header — HTTP bearer, HTTP basic, an API key in a header. Operations take what their
 * `security` requirements name (`security: []` or none at all: public), exactly as an annotation
 * file's `derive.securitySchemes` would map them. Schemes the runtime cannot send (OAuth 2, OpenID
 * Connect, an API key in the query or a cookie) are left out, so operations that require only
 * those accept no credential and the client cannot call them.
 */
import { dict } from "../support/dict.js";
import type { OpenApiDocument } from "../accept/spec-document.js";
import type { Annotations, CredentialAnnotation } from "../config/annotations.js";

/** Where the rules come from, in the generated README's auth matrix. */
export const SPEC_SECURITY_DOCS = "the spec's own securitySchemes";

export function annotationsFromSpecSecurity(document: OpenApiDocument): Annotations {
  const schemes = (document.components as { securitySchemes?: Record<string, unknown> } | undefined)?.securitySchemes;
  const credentials = dict<CredentialAnnotation>();
  const mapped = dict<string[]>();
  const taken = new Set<string>();
  for (const [name, scheme] of Object.entries(schemes && typeof schemes === "object" ? schemes : {})) {
    const credential = credentialFor(scheme);
    if (!credential) continue;
    const kind = kindName(name, taken);
    credentials[kind] = credential;
    mapped[name] = [kind];
  }
  const annotations: Annotations = {
    docs: SPEC_SECURITY_DOCS,
    credentials,
    derive: { securitySchemes: mapped },
  };
  Object.defineProperty(annotations, "origin", { value: "the spec's securitySchemes", enumerable: false });
  return annotations;
}

function credentialFor(scheme: unknown): CredentialAnnotation | undefined {
  if (!scheme || typeof scheme !== "object") return undefined;
  const { type, scheme: httpScheme, in: where, name } = scheme as Record<string, unknown>;
  if (type === "http" && typeof httpScheme === "string" && httpScheme.toLowerCase() === "bearer")
    return { label: "Bearer token", options: { token: "required" }, headers: { Authorization: "Bearer {token}" } };
  if (type === "http" && typeof httpScheme === "string" && httpScheme.toLowerCase() === "basic")
    return {
      label: "HTTP Basic credentials",
      description: "`credentials` is base64(`username:password`), sent as `Authorization: Basic <credentials>`.",
      options: { credentials: "required" },
      headers: { Authorization: "Basic {credentials}" },
    };
  // A header name the runtime can send: a token, as HTTP defines one (no spaces, colons or controls).
  if (
    type === "apiKey" &&
    where === "header" &&
    typeof name === "string" &&
    /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(name)
  )
    return { label: `API key (${name} header)`, options: { apiKey: "required" }, headers: { [name]: "{apiKey}" } };
  return undefined;
}

/** The scheme's name as a camelCase credential kind (what `auth: { kind }` takes), unique. */
function kindName(scheme: string, taken: Set<string>): string {
  const words = scheme.match(/[A-Za-z0-9]+/g) ?? [];
  let base = words
    .map((word, index) =>
      index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join("");
  base = base.slice(0, 64);
  if (!/^[a-z]/.test(base)) base = `scheme${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  if (base === "none") base = "noneScheme";
  let kind = base;
  for (let n = 2; taken.has(kind); n++) kind = `${base}${n}`;
  taken.add(kind);
  return kind;
}
