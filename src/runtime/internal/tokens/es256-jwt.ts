import { ConnectionError, CredentialError } from "../../errors.js";
import { onDemand } from "../on-demand.js";
import { CachedToken, type RenewalLimits, type TokenSource } from "./cached-token.js";
import { limitsOf, type TokenStrategyImplementation } from "./strategy.js";
import type { Es256JwtOptions } from "../../token-types.js";

// jose's key handling and signing code (server-side only) loads with the first token minted, so a
// bundle that never mints keeps it out of what a page loads; a failed load is tried again.
const loadJose = /* @__PURE__ */ onDemand(() => import("./es256-signing.js"));

export function es256JwtSource(options: Es256JwtOptions, provider: string, limits: RenewalLimits): TokenSource {
  // Checked when the client was created (the registry's positiveNumbers).
  const ttlSeconds = options.ttl ?? 3600;
  const jose = () =>
    loadJose().catch((error: unknown) => {
      throw new ConnectionError(
        `${provider}: credential jwt: loading the ES256 signing code (jose) failed; the next call tries again`,
        { cause: error },
      );
    });
  // The imported key is kept; a load or key that fails is not, so the next token tries again.
  let key: Promise<CryptoKey> | undefined;
  const signingKey = () =>
    (key ??= jose()
      .then(({ importPKCS8 }) =>
        importPKCS8(options.privateKey, "ES256").catch(() => {
          throw new CredentialError(
            `${provider}: credential jwt: \`privateKey\` is not an EC P-256 private key in PKCS#8 PEM (a SEC1 "EC PRIVATE KEY" converts with \`openssl pkcs8 -topk8 -nocrypt\`)`,
          );
        }),
      )
      .catch((error: unknown) => {
        key = undefined;
        throw error;
      }));
  return new CachedToken(async () => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const { SignJWT } = await jose();
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: options.keyId, typ: "JWT" })
      .setSubject(options.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(await signingKey());
    return { token, expiresAt: expiresAt * 1000 };
  }, limits);
}

export const create: TokenStrategyImplementation["create"] = (options, context) =>
  es256JwtSource(options as unknown as Es256JwtOptions, context.provider, limitsOf(context));
