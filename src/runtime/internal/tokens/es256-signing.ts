/**
 * The part of jose the ES256 strategy uses (key import and signing): server-side code, loaded on
 * demand by es256-jwt.ts. Importing only these keeps jose's namespaces out of the chunk, so a
 * bundle's first chunk needs no helper shared with it.
 */
export { importPKCS8, SignJWT } from "jose";
