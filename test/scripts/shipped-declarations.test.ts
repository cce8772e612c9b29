import { describe, expect, it } from "vitest";
// @ts-expect-error -- a build script in plain JavaScript, without declarations
import { hoistRepeatedTypes } from "../../scripts/hoist-repeated-types.mjs";
// @ts-expect-error -- a build script in plain JavaScript, without declarations
import { shareRequestVariants } from "../../scripts/share-request-variants.mjs";
// @ts-expect-error -- a build script in plain JavaScript, without declarations
import { compactJavaScript } from "../../scripts/compact-javascript.mjs";

/** A header block as openapi-typescript prints it, compacted: long enough to be worth a name. */
const header = '{\n/** For platform customers - OAuth client secret key */\n"x-cal-secret-key"?:string;}';

describe("naming the shapes a schema repeats", () => {
  it("names a repeated literal once, after the property it types, with its members' JSDoc", () => {
    const text = `export interface operations{a:{header?:${header};a:1;};b:{header?:${header};b:1;};c:{header?:${header};c:1;};}\n`;
    expect(hoistRepeatedTypes(text)).toBe(
      // `export {}`: a declaration file without it would export the alias too.
      `export interface operations{a:{header?:SharedHeader;a:1;};b:{header?:SharedHeader;b:1;};c:{header?:SharedHeader;c:1;};}\ntype SharedHeader=${header};\nexport{};\n`,
    );
  });

  it("does not take a name the file uses, and leaves a shape seen once or too small alone", () => {
    const text = `export interface SharedHeader{x:1;}export interface o{a:{header?:${header};a:1;};b:{header?:${header};b:1;};c:{header?:${header};c:1;};once:{only?:${header.replace("secret", "public")};};tiny:{t:{x:1;};};tiny2:{t:{x:1;};};}\n`;
    const out = hoistRepeatedTypes(text);
    expect(out).toContain("type SharedHeader2=");
    expect(out).toContain("export interface SharedHeader{x:1;}");
    expect(out).toContain("OAuth client public key");
    expect(out).toContain("tiny:{t:{x:1;};}");
  });

  it("leaves a component schema's own body and a union of literals a hover shows whole where they are", () => {
    const schema = `{${"\n/** A documented field */\nfield?:string;".repeat(3)}}`;
    const status = '"accepted"|"cancelled"|"rejected"|"pending"';
    const text = `export interface components{schemas:{One:${schema};Two:${schema};Three:${schema};};}export interface o{a:{status:${status};a:1;};b:{status:${status};b:1;};c:{status:${status};c:1;};}\n`;
    const out = hoistRepeatedTypes(text);
    expect(out).toContain(`One:${schema};Two:${schema};Three:${schema};`);
    expect(out).toContain(`a:{status:${status};a:1;}`);
  });

  it("keeps a space between a keyword and the name that replaces a shape", () => {
    const shape = '{x:"a literal long enough for the shape to be worth a name";}';
    const text = `export interface o{a:readonly${shape}[];b:keyof${shape};c:readonly${shape}[];}\n`;
    expect(hoistRepeatedTypes(text)).toMatch(/a:readonly SharedA\[\];b:keyof SharedA;c:readonly SharedA\[\];/);
  });

  it("leaves shapes inside a generic alone: they may name its type parameter", () => {
    const shape = `{a:T;/* ${"padding ".repeat(20)}*/}`;
    const text = `export type G<T>={one:${shape};two:${shape};three:${shape};};\n`;
    expect(hoistRepeatedTypes(text)).toBe(text);
  });

  it("leaves shapes that refer to where they are alone: under a conditional type, or using `this`", () => {
    const pad = `/* ${"padding ".repeat(20)}*/`;
    const inferred = `{a:infer U;${pad}}`;
    const conditional = `export type C=string extends ${inferred}?U:never;export type D=number extends ${inferred}?U:never;export type E=boolean extends ${inferred}?U:never;\n`;
    expect(hoistRepeatedTypes(conditional)).toBe(conditional);
    const self = `{next:this;${pad}}`;
    const withThis = `export interface N{a:${self};b:${self};c:${self};}\n`;
    expect(hoistRepeatedTypes(withThis)).toBe(withThis);
  });

  it("hoists the outer shape first and counts what is left of the inner ones", () => {
    const outer = `{headers:${header};content:{"application/json":string;};}`;
    const text = `export interface o{a:{200:${outer};a:1;};b:{200:${outer};b:1;};c:{200:${outer};c:1;};d:{x:${header};};e:{y:${header};};}\n`;
    const out = hoistRepeatedTypes(text);
    // Three copies of the header block are left (one in the outer alias, d's and e's): worth a name.
    expect(out).toMatch(/type Shared200=\{headers:SharedHeaders;content/);
    expect(out).toContain("d:{x:SharedHeaders;};e:{y:SharedHeaders;}");
    expect(hoistRepeatedTypes(text)).toBe(out);
  });
});

describe("request variants sharing their component's members", () => {
  const member = (name: string, doc: string, type = "string") => `\n/** ${doc} */\n${name}:${type};`;
  const base = `{${member("a", "The a")}${member("b", "The b")}${member("c", "The c. @default 1", "number")}}`;

  it("keeps the component's members and spells out only the ones that differ", () => {
    const variant = `{${member("a", "The a")}${member("b", "The b")}${member("c?", "The c. Defaults to 1.", "number")}}`;
    const text = `export interface components{schemas:{Thing:${base};ThingRequest:${variant};};}\n`;
    expect(shareRequestVariants(text)).toBe(
      `export interface components{schemas:{Thing:${base};ThingRequest:Omit<components["schemas"]["Thing"],"c">&{${member("c?", "The c. Defaults to 1.", "number")}};};}\n`,
    );
  });

  it("leaves a variant alone when its component has an index signature or nothing is shared", () => {
    const indexed = `{[key:string]:unknown;${member("a", "The a")}}`;
    const text = `export interface components{schemas:{Open:${indexed};OpenRequest:{${member("a", "The a")}};Other:${base};OtherRequest:{${member("z", "The z")}};};}\n`;
    expect(shareRequestVariants(text)).toBe(text);
  });
});

describe("the shipped JavaScript", () => {
  it("is the same module without its comments", async () => {
    const source = `/** Why. */\nexport const limit = 60_000; // ms\nexport function twice(x) {\n    // doubled\n    return \`\${x}\n    \${x}\`;\n}\n`;
    const out = compactJavaScript(source);
    expect(out).not.toMatch(/Why|doubled|ms\b/);
    const module = await import(`data:text/javascript,${encodeURIComponent(out)}`);
    expect(module.limit).toBe(60_000);
    expect(module.twice("a")).toBe("a\n    a");
  });
});
