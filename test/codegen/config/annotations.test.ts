/**
 * Annotation files are checked against the runtime's token-strategy registry: a typo in a strategy,
 * its settings or its templates fails generation with the place to fix, instead of a client that
 * breaks when a token expires.
 */
import { describe, expect, it } from "vitest";
import { checkAnnotations } from "../../../src/codegen/config/annotations.js";

const withSource = (source: Record<string, unknown>, strategy = "rotatingRefresh") => ({
  docs: "https://acme.example/docs",
  credentials: {
    session: {
      label: "Session",
      options: { accessToken: "required" },
      headers: { Authorization: "Bearer {accessToken}" },
      tokenSources: { [strategy]: { provides: "accessToken", ...source } },
    },
  },
});
const config = { label: "session", refreshPath: "/token/{appId}", refreshBody: { refresh: "{refreshToken}" } };
const check = (value: unknown) => () => checkAnnotations(value, "acme.yaml");

describe("token sources in an annotation file", () => {
  it("accepts a strategy the registry knows, with its settings and provider options", () => {
    expect(check(withSource({ options: { appId: { need: "required" } }, config }))).not.toThrow();
  });

  it("names the unknown strategy, setting or template value, and the missing setting", () => {
    expect(check(withSource({}, "refreshMagic"))).toThrow(
      "credentials.session.tokenSources.refreshMagic: unknown strategy (known: es256Jwt, getToken, rotatingRefresh)",
    );
    expect(
      check(withSource({ options: { appId: { need: "required" } }, config: { ...config, refreshUrl: "/x" } })),
    ).toThrow("credentials.session.tokenSources.rotatingRefresh.config.refreshUrl is not a setting of rotatingRefresh");
    expect(check(withSource({ config }))).toThrow(
      "credentials.session.tokenSources.rotatingRefresh.config uses {appId}, which is not among the credential's options",
    );
    expect(check(withSource({ options: { appId: { need: "required" } }, config: { label: "x" } }))).toThrow(
      "credentials.session.tokenSources.rotatingRefresh.config.refreshPath is required",
    );
  });

  it("reads templates with the runtime's grammar: a Basic-encoded placeholder in the config is checked too", () => {
    const headers = { refreshHeaders: { Authorization: "{appSecret:basic}" } };
    expect(check(withSource({ options: { appId: { need: "required" } }, config: { ...config, ...headers } }))).toThrow(
      "credentials.session.tokenSources.rotatingRefresh.config uses {appSecret}, which is not among the credential's options",
    );
    const known = { appId: { need: "required" }, appSecret: { need: "required" } };
    expect(check(withSource({ options: known, config: { ...config, ...headers } }))).not.toThrow();
  });

  it("server-only-ness is the strategy's, not the file's; option needs and types are checked", () => {
    expect(check(withSource({ serverOnly: false }, "getToken"))).toThrow(
      "credentials.session.tokenSources.getToken.serverOnly: whether a strategy is server-only comes from the runtime's strategy registry",
    );
    expect(check(withSource({ options: { appId: { need: "maybe", type: "uuid" } }, config }))).toThrow(
      /options\.appId\.need must be required or optional; .*options\.appId\.type must be string or id/,
    );
  });
});
