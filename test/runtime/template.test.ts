/**
 * The template grammar (src/runtime/template.ts) that annotation files are written in and the
 * runtime fills: `{option}`, `{option:basic}`, everything else literal; and the one derivation of the
 * header templates an access sends (table.ts), which the runtime renders and the generator documents.
 */
import { describe, expect, it } from "vitest";
import { headersOfAccess } from "../../src/runtime/table.js";
import { fillTemplate, placeholdersIn } from "../../src/runtime/template.js";

describe("templates", () => {
  it("lists each placeholder with its encoding, in order; other braces are literal", () => {
    expect(placeholdersIn("Bearer {token}")).toEqual([{ option: "token" }]);
    expect(placeholdersIn("/v2/{clientId}/x/{clientId}?{user_id:basic}")).toEqual([
      { option: "clientId" },
      { option: "clientId" },
      { option: "user_id", encoding: "basic" },
    ]);
    expect(placeholdersIn("{} {a-b} {x:hex} { y } {{z}")).toEqual([{ option: "z" }]);
  });

  it("fills every placeholder, or gives undefined when a value is missing", () => {
    const values: Record<string, string> = { clientId: "c1", secret: "s" };
    const valueOf = ({ option, encoding }: { option: string; encoding?: string }) =>
      values[option] === undefined ? undefined : `${encoding ?? "plain"}:${values[option]}`;
    expect(fillTemplate("/v2/oauth/{clientId}/refresh", valueOf)).toBe("/v2/oauth/plain:c1/refresh");
    expect(fillTemplate("{secret:basic}", valueOf)).toBe("basic:s");
    expect(fillTemplate("Bearer {token}", valueOf)).toBeUndefined();
    expect(fillTemplate("no placeholders {x:hex}", valueOf)).toBe("no placeholders {x:hex}");
  });
});

describe("the headers an access sends", () => {
  const credential = {
    headers: { Authorization: "Bearer {token}", "X-Mode": "a" },
    scopes: { account: { option: "accountId", headers: { "X-Account": "{accountId}", "X-Mode": "b" } } },
  };

  it("are the kind's, and the scope's on top when the access carries one", () => {
    expect(headersOfAccess(credential)).toEqual({ Authorization: "Bearer {token}", "X-Mode": "a" });
    expect(headersOfAccess(credential, "account")).toEqual({
      Authorization: "Bearer {token}",
      "X-Mode": "b",
      "X-Account": "{accountId}",
    });
    expect(headersOfAccess(credential, "__proto__")).toEqual(credential.headers);
  });
});
