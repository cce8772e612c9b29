/**
 * Every rule of the table, fired by one mutation of a real provider spec (read from the shared
 * snapshots, never copied here), in both directions where the rule has two; the cases the issue
 * names (nested request variants on Astrocal and Cal.com, a response const, 3.1 webhooks, an
 * unreferenced component); and the false positives, now classified as the table says.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acceptProviderSpec } from "../../../src/codegen/accept/accept.js";
import type { OpenApiDocument } from "../../../src/codegen/accept/spec-document.js";
import { loadAnnotations } from "../../../src/codegen/config/annotations.js";
import { projectPaths } from "../../../src/codegen/config/paths.js";
import { loadProviders } from "../../../src/codegen/config/providers.js";
import { diffManifests } from "../../../src/codegen/diff/compare.js";
import { RULES } from "../../../src/codegen/diff/rule-table.js";
import { buildManifest, type Manifest } from "../../../src/codegen/model/manifest.js";
import { buildOperationModel } from "../../../src/codegen/model/operation-model.js";
import { sharedSpecsDir } from "../../helpers/scratch-project.js";

type Id = "astrocal" | "calcom" | "savvycal";
type Doc = any;

const accepted = new Map<Id, Promise<OpenApiDocument>>();
function acceptedDocument(id: Id): Promise<OpenApiDocument> {
  if (!accepted.has(id))
    accepted.set(
      id,
      (async () => {
        const provider = (await loadProviders(projectPaths)).find((p) => p.id === id)!;
        const text = await readFile(path.join(sharedSpecsDir, id, "openapi.json"), "utf8");
        return (await acceptProviderSpec(provider, text, projectPaths, "json")).document;
      })(),
    );
  return accepted.get(id)!;
}

async function manifestOf(id: Id, doc: OpenApiDocument): Promise<Manifest> {
  const annotations = await loadAnnotations(projectPaths.annotationsDir, id);
  return buildManifest(id, buildOperationModel(doc, annotations).model);
}

/** Findings as [level, id] after `mutate` changes the real spec (and `prepare` both versions). */
async function findingsOf(id: Id, mutate: (d: Doc) => unknown, prepare: (d: Doc) => unknown = () => {}) {
  const original = await acceptedDocument(id);
  const [before, after] = [structuredClone(original), structuredClone(original)];
  prepare(before);
  prepare(after);
  mutate(after);
  return diffManifests(await manifestOf(id, before), await manifestOf(id, after)).findings;
}

const astro = (d: Doc) => d.components.schemas;
const attendee = (d: Doc) => astro(d).AttendeeInput; // in the group variant of POST /v1/bookings' body
const cancelled = (d: Doc) => astro(d).CancelBookingResponse; // the 200 of POST /v1/bookings/{id}/cancel
const usage = (d: Doc) => d.paths["/v1/usage"].get;
const listEventTypes = (d: Doc) => d.paths["/v1/event-types"].get;
const createWebhook = (d: Doc) => d.paths["/v1/webhooks"].post;

/** Targets of our own inside real schemas, set on both versions. */
const withTargets = (d: Doc) => {
  attendee(d).properties.channel = { type: "string", enum: ["email", "sms"], pattern: "^[a-z]+$" };
  attendee(d).properties.tags = { type: "array", items: { type: "string" } };
  attendee(d).properties.seats = { type: "integer", minimum: 0 };
  attendee(d).properties.kind = { type: "string", const: "person" };
  cancelled(d).properties.kind = { type: "string", enum: ["full", "partial"], maxLength: 10, pattern: "^[a-z]+$" };
  cancelled(d).properties.refund = { oneOf: [{ type: "string" }, { type: "integer" }] };
  cancelled(d).properties.slots = { type: "array", items: { type: "string" } };
  usage(d).responses["200"].headers = { "X-Request-Id": { required: true, schema: { type: "string" } } };
  usage(d).responses["202"] = { description: "accepted" };
  createWebhook(d).requestBody.content["application/x-www-form-urlencoded"] = {
    schema: { $ref: "#/components/schemas/WebhookCreateRequest" },
  };
  astro(d).Unused = { type: "object", properties: { a: { type: "string" } } };
  listEventTypes(d).parameters.push({ name: "search", in: "query", schema: { type: "string", pattern: "^[a-z]+$" } });
};
const search = (d: Doc) => listEventTypes(d).parameters.find((p: { name?: string }) => p.name === "search");

type Case = [name: string, id: Id, mutate: (d: Doc) => unknown, expected: Array<[string, string]>];

/** Each rule id, by one mutation; `expected` must be among the findings. */
const cases: Case[] = [
  // surface
  ["operation removed", "astrocal", (d) => delete d.paths["/v1/usage"], [["breaking", "operation-removed"]]],
  [
    "operation added",
    "astrocal",
    (d) => (d.paths["/v1/ping"] = { get: { security: [], responses: { "204": { description: "pong" } } } }),
    [["info", "operation-added"]],
  ],
  [
    "path parameter renamed",
    "savvycal",
    (d) => {
      const [from] = Object.keys(d.paths).filter((p) => /\{[a-z_]+\}$/.test(p));
      const name = /\{([a-z_]+)\}$/.exec(from)![1];
      const to = from.replace(`{${name}}`, "{renamed}");
      d.paths[to] = JSON.parse(JSON.stringify(d.paths[from]).replaceAll(`"name":"${name}"`, `"name":"renamed"`));
      delete d.paths[from];
    },
    [["breaking", "path-parameter-renamed"]],
  ],
  ["operation deprecated", "astrocal", (d) => (usage(d).deprecated = true), [["warning", "operation-deprecated"]]],
  ["webhook removed", "astrocal", (d) => delete d.webhooks["booking.created"], [["breaking", "webhook-removed"]]],
  [
    "webhook added",
    "astrocal",
    (d) => (d.webhooks["booking.deleted"] = d.webhooks["booking.created"]),
    [["info", "webhook-added"]],
  ],
  ["unused component removed", "astrocal", (d) => delete astro(d).Unused, [["breaking", "component-schema-removed"]]],
  [
    "unused component added",
    "astrocal",
    (d) => (astro(d).Extra = { type: "string" }),
    [["info", "component-schema-added"]],
  ],
  // operation: parameters
  ["parameter removed", "astrocal", (d) => listEventTypes(d).parameters.shift(), [["breaking", "parameter-removed"]]],
  [
    "parameter added as required",
    "astrocal",
    (d) => listEventTypes(d).parameters.push({ name: "q", in: "query", required: true, schema: { type: "string" } }),
    [["breaking", "parameter-added-required"]],
  ],
  [
    "parameter added",
    "astrocal",
    (d) => listEventTypes(d).parameters.push({ name: "q", in: "query", schema: { type: "string" } }),
    [["info", "parameter-added"]],
  ],
  [
    "parameter became required",
    "astrocal",
    (d) => (listEventTypes(d).parameters[0].required = true),
    [["breaking", "parameter-became-required"]],
  ],
  [
    "parameter became optional",
    "astrocal",
    (d) => (d.paths["/v1/availability"].get.parameters[0].required = false),
    [["info", "parameter-became-optional"]],
  ],
  [
    "parameter deprecated",
    "astrocal",
    (d) => (listEventTypes(d).parameters[0].deprecated = true),
    [["info", "parameter-deprecated"]],
  ],
  [
    "parameter default added",
    "astrocal",
    (d) => (listEventTypes(d).parameters[0].schema.default = true),
    [["breaking", "parameter-default-changed"]],
  ],
  // operation: bodies
  [
    "request body added as required",
    "astrocal",
    (d) => (usage(d).requestBody = { required: true, content: { "application/json": { schema: { type: "object" } } } }),
    [["breaking", "request-body-added-required"]],
  ],
  [
    "request body added",
    "astrocal",
    (d) => (usage(d).requestBody = { content: { "application/json": { schema: { type: "object" } } } }),
    [["info", "request-body-added"]],
  ],
  [
    "request body removed",
    "astrocal",
    (d) => delete createWebhook(d).requestBody,
    [["breaking", "request-body-removed"]],
  ],
  [
    "request body became optional",
    "astrocal",
    (d) => (createWebhook(d).requestBody.required = false),
    [["info", "request-body-became-optional"]],
  ],
  [
    "request media type removed",
    "astrocal",
    (d) => delete createWebhook(d).requestBody.content["application/x-www-form-urlencoded"],
    [["breaking", "request-media-type-removed"]],
  ],
  [
    "request media type added",
    "astrocal",
    (d) => (createWebhook(d).requestBody.content["text/plain"] = { schema: { type: "string" } }),
    [["info", "request-media-type-added"]],
  ],
  // operation: responses
  [
    "success status removed",
    "astrocal",
    (d) => delete usage(d).responses["202"],
    [["breaking", "success-status-removed"]],
  ],
  [
    "success status added",
    "astrocal",
    (d) => (usage(d).responses["203"] = { description: "x" }),
    [["info", "success-status-added"]],
  ],
  ["error status removed", "astrocal", (d) => delete usage(d).responses["401"], [["info", "error-status-removed"]]],
  [
    "error status added (default)",
    "astrocal",
    (d) =>
      (usage(d).responses.default = {
        description: "error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      }),
    [["warning", "error-status-added"]],
  ],
  [
    "response media type replaced by another schema",
    "astrocal",
    (d) => (usage(d).responses["200"].content = { "text/plain": { schema: { type: "string" } } }),
    [
      ["breaking", "response-media-type-removed"],
      ["warning", "response-media-type-added"],
    ],
  ],
  [
    "error response body changed (compared like any response)",
    "astrocal",
    (d) => delete astro(d).Error.properties[Object.keys(astro(d).Error.properties)[0]],
    [["breaking", "response-property-removed"]],
  ],
  [
    "response header removed",
    "astrocal",
    (d) => delete usage(d).responses["200"].headers["X-Request-Id"],
    [["breaking", "response-header-removed"]],
  ],
  [
    "response header became optional",
    "astrocal",
    (d) => (usage(d).responses["200"].headers["X-Request-Id"].required = false),
    [["breaking", "response-header-became-optional"]],
  ],
  [
    "response header added",
    "astrocal",
    (d) => (usage(d).responses["200"].headers["X-Trace"] = { schema: { type: "string" } }),
    [["info", "response-header-added"]],
  ],
  [
    "response header retyped",
    "astrocal",
    (d) => (usage(d).responses["200"].headers["X-Request-Id"].schema = { type: "integer" }),
    [["breaking", "response-type-changed"]],
  ],
  // operation: credentials and injected headers
  [
    "credentials narrowed (public + key → key)",
    "astrocal",
    (d) => (d.paths["/v1/event-types/{id}"].get.security = [{ apiKey: [] }]),
    [["breaking", "credentials-narrowed"]],
  ],
  [
    "credentials widened (key → key or public)",
    "astrocal",
    (d) => (usage(d).security = [{ apiKey: [] }, {}]),
    [["info", "credentials-widened"]],
  ],
  [
    "injected header value moved",
    "calcom",
    (d) => {
      const operation = d.paths["/v2/bookings"].post;
      const version = operation.parameters.find((p: any) => p.name === "cal-api-version");
      version.schema = { ...version.schema, default: "2099-01-01" };
    },
    [["breaking", "injected-header-changed"]],
  ],
  // types
  [
    "request type narrowed",
    "astrocal",
    (d) => (attendee(d).properties.seats.type = "boolean"),
    [["breaking", "request-type-narrowed"]],
  ],
  [
    "request type widened",
    "astrocal",
    (d) => (attendee(d).properties.seats.type = "number"),
    [["info", "request-type-widened"]],
  ],
  [
    "response type changed",
    "astrocal",
    (d) => (cancelled(d).properties.id.type = "integer"),
    [["breaking", "response-type-changed"]],
  ],
  [
    "response type narrowed",
    "astrocal",
    (d) => (astro(d).Booking.properties.calendar_connection_id.type = "string"),
    [["info", "response-type-narrowed"]],
  ],
  [
    "response became nullable",
    "astrocal",
    (d) => (cancelled(d).properties.cancelled_at.type = ["string", "null"]),
    [["breaking", "response-became-nullable"]],
  ],
  [
    "request format added",
    "astrocal",
    (d) => (attendee(d).properties.timezone.format = "iana-timezone"),
    [["breaking", "request-format-added"]],
  ],
  [
    "request format changed",
    "astrocal",
    (d) => (attendee(d).properties.email.format = "idn-email"),
    [["warning", "request-format-changed"]],
  ],
  [
    "request format removed",
    "astrocal",
    (d) => delete attendee(d).properties.email.format,
    [["info", "request-format-removed"]],
  ],
  [
    "response format added",
    "astrocal",
    (d) => (cancelled(d).properties.id.format = "uuid"),
    [["info", "response-format-added"]],
  ],
  [
    "response format changed",
    "astrocal",
    (d) => (cancelled(d).properties.cancelled_at.format = "date"),
    [["warning", "response-format-changed"]],
  ],
  [
    "response format removed",
    "astrocal",
    (d) => delete cancelled(d).properties.cancelled_at.format,
    [["warning", "response-format-removed"]],
  ],
  [
    "request enum value removed",
    "astrocal",
    (d) => (attendee(d).properties.channel.enum = ["email"]),
    [["breaking", "request-enum-value-removed"]],
  ],
  [
    "request enum value added",
    "astrocal",
    (d) => attendee(d).properties.channel.enum.push("push"),
    [["info", "request-enum-value-added"]],
  ],
  [
    "request enum added",
    "astrocal",
    (d) => (attendee(d).properties.timezone.enum = ["UTC"]),
    [["breaking", "request-enum-added"]],
  ],
  [
    "request enum removed",
    "astrocal",
    (d) => delete attendee(d).properties.channel.enum,
    [["info", "request-enum-removed"]],
  ],
  [
    "response enum value added",
    "astrocal",
    (d) => cancelled(d).properties.kind.enum.push("none"),
    [["breaking", "response-enum-value-added"]],
  ],
  [
    "response enum value removed",
    "astrocal",
    (d) => (cancelled(d).properties.kind.enum = ["full"]),
    [["info", "response-enum-value-removed"]],
  ],
  [
    "response enum added",
    "astrocal",
    (d) => (cancelled(d).properties.id.enum = ["a"]),
    [["info", "response-enum-added"]],
  ],
  [
    "response enum removed",
    "astrocal",
    (d) => delete cancelled(d).properties.kind.enum,
    [["breaking", "response-enum-removed"]],
  ],
  [
    "request const changed",
    "astrocal",
    (d) => (attendee(d).properties.kind.const = "robot"),
    [["breaking", "request-const-changed"]],
  ],
  [
    "request const removed",
    "astrocal",
    (d) => delete attendee(d).properties.kind.const,
    [["info", "request-const-removed"]],
  ],
  [
    "response const changed (a real one: cancelled → canceled)",
    "astrocal",
    (d) => (cancelled(d).properties.status.const = "canceled"),
    [["breaking", "response-const-changed"]],
  ],
  [
    "response const removed",
    "astrocal",
    (d) => delete cancelled(d).properties.status.const,
    [["breaking", "response-const-changed"]],
  ],
  [
    "response const added",
    "astrocal",
    (d) => (cancelled(d).properties.id.const = "x"),
    [["info", "response-const-added"]],
  ],
  [
    "default inside a body changed",
    "astrocal",
    (d) => (attendee(d).properties.timezone.default = "UTC"),
    [["warning", "request-default-changed"]],
  ],
  // constraints
  [
    "request minLength tightened",
    "astrocal",
    (d) => (attendee(d).properties.name.minLength = 2),
    [["breaking", "request-constraint-tightened"]],
  ],
  [
    "request minLength loosened",
    "astrocal",
    (d) => delete attendee(d).properties.name.minLength,
    [["info", "request-constraint-loosened"]],
  ],
  [
    "request exclusiveMinimum set (3.1 number form)",
    "astrocal",
    (d) => (attendee(d).properties.seats.exclusiveMinimum = 0),
    [["breaking", "request-constraint-tightened"]],
  ],
  [
    "request pattern rewritten (not provably wider)",
    "astrocal",
    (d) => (attendee(d).properties.channel.pattern = "^[a-z0-9]+$"),
    [["warning", "request-constraint-changed"]],
  ],
  [
    "response maxLength loosened",
    "astrocal",
    (d) => (cancelled(d).properties.kind.maxLength = 20),
    [["warning", "response-constraint-loosened"]],
  ],
  [
    "response maxLength tightened",
    "astrocal",
    (d) => (cancelled(d).properties.kind.maxLength = 5),
    [["info", "response-constraint-tightened"]],
  ],
  [
    "response pattern rewritten",
    "astrocal",
    (d) => (cancelled(d).properties.kind.pattern = "^[a-z_]+$"),
    [["warning", "response-constraint-changed"]],
  ],
  [
    "response propertyNames set (no effect on the type)",
    "astrocal",
    (d) => (cancelled(d).propertyNames = { pattern: "^[a-z_]+$" }),
    [["info", "response-validation-changed"]],
  ],
  // structure
  [
    "request property became required",
    "astrocal",
    (d) => attendee(d).required.push("timezone"),
    [["breaking", "request-property-became-required"]],
  ],
  [
    "request property added as required",
    "astrocal",
    (d) => {
      attendee(d).properties.phone = { type: "string" };
      attendee(d).required.push("phone");
    },
    [["breaking", "request-property-added-required"]],
  ],
  [
    "request property added",
    "astrocal",
    (d) => (attendee(d).properties.phone = { type: "string" }),
    [["info", "request-property-added"]],
  ],
  [
    "request property removed",
    "astrocal",
    (d) => delete attendee(d).properties.timezone,
    [["breaking", "request-property-removed"]],
  ],
  [
    "request property became optional",
    "astrocal",
    (d) => (attendee(d).required = ["name"]),
    [["info", "request-property-became-optional"]],
  ],
  [
    "response property removed",
    "astrocal",
    (d) => delete cancelled(d).properties.start_time,
    [["breaking", "response-property-removed"]],
  ],
  [
    "response property became optional",
    "astrocal",
    (d) => (cancelled(d).required = ["id", "status"]),
    [["breaking", "response-property-became-optional"]],
  ],
  [
    "response property added",
    "astrocal",
    (d) => (cancelled(d).properties.reason = { type: "string" }),
    [["info", "response-property-added"]],
  ],
  [
    "response property became required",
    "astrocal",
    (d) => cancelled(d).required.push("start_time"),
    [["info", "response-property-became-required"]],
  ],
  [
    "response additionalProperties closed",
    "astrocal",
    (d) => (cancelled(d).additionalProperties = false),
    [["warning", "response-additional-properties-changed"]],
  ],
  [
    "request field became readOnly",
    "astrocal",
    (d) => (attendee(d).properties.timezone.readOnly = true),
    [["warning", "request-became-read-only"]],
  ],
  [
    "response field became writeOnly",
    "astrocal",
    (d) => (cancelled(d).properties.start_time.writeOnly = true),
    [["warning", "response-became-write-only"]],
  ],
  [
    "request field deprecated",
    "astrocal",
    (d) => (attendee(d).properties.timezone.deprecated = true),
    [["info", "request-deprecated"]],
  ],
  [
    "response field deprecated",
    "astrocal",
    (d) => (cancelled(d).properties.start_time.deprecated = true),
    [["info", "response-deprecated"]],
  ],
  // variants
  [
    "request variant removed",
    "astrocal",
    (d) => (astro(d).CreateBookingRequest.oneOf = [astro(d).CreateBookingRequest.oneOf[0]]),
    [["breaking", "request-variant-removed"]],
  ],
  [
    "request variant added",
    "astrocal",
    (d) =>
      astro(d).CreateBookingRequest.oneOf.push({
        type: "object",
        required: ["waitlist_id"],
        properties: { waitlist_id: { type: "string" } },
      }),
    [["info", "request-variant-added"]],
  ],
  [
    "response variant added",
    "astrocal",
    (d) => cancelled(d).properties.refund.oneOf.push({ type: "boolean" }),
    [["breaking", "response-variant-added"]],
  ],
  [
    "response variant removed",
    "astrocal",
    (d) => cancelled(d).properties.refund.oneOf.pop(),
    [["info", "response-variant-removed"]],
  ],
];

/** Rules whose mutation needs another starting point than `withTargets`. */
const special: Case[] = [
  [
    "a scalar response variant retyped integer → number: the same member, widened (not one removed and one added)",
    "astrocal",
    (d) => (cancelled(d).properties.refund.oneOf[1] = { type: "number" }),
    [["breaking", "response-type-changed"]],
  ],
  [
    "request body became required",
    "astrocal",
    (d) => (createWebhook(d).requestBody.required = true),
    [["breaking", "request-body-became-required"]],
  ],
  [
    "response media type specialised, same schema (application/json → application/problem+json)",
    "astrocal",
    (d) =>
      (usage(d).responses["200"].content = {
        "application/problem+json": usage(d).responses["200"].content["application/json"],
      }),
    [["info", "response-media-type-changed"]],
  ],
  [
    "public-or-key becomes public only: not narrowed, the client stops sending the key",
    "astrocal",
    (d) => (d.paths["/v1/event-types/{id}"].get.security = []),
    [["warning", "operation-became-public"]],
  ],
  [
    "security removed from an operation: it became public",
    "astrocal",
    (d) => (usage(d).security = []),
    [
      ["info", "credentials-widened"],
      ["warning", "operation-became-public"],
    ],
  ],
];

function check(found: Array<{ level: string; id: string; operation: string; location: string; message: string }>) {
  const lines = found.map((f) => JSON.stringify(f));
  expect(new Set(lines).size, "no finding twice").toBe(lines.length);
  return found.map((f) => [f.level, f.id]);
}

describe("one mutation per rule, on the real specs", () => {
  it.each(cases)("%s (%s)", async (_name, id, mutate, expected) => {
    const found = check(await findingsOf(id, mutate, id === "astrocal" ? withTargets : undefined));
    for (const entry of expected) expect(found).toContainEqual(entry);
  });

  it.each(special)("%s (%s)", async (_name, id, mutate, expected) => {
    const prepare = (d: Doc) => {
      withTargets(d);
      createWebhook(d).requestBody.required = false;
    };
    const found = check(await findingsOf(id, mutate, prepare));
    expect(found.sort()).toEqual(expected.sort());
  });

  it("covers every rule of the table", () => {
    const covered = new Set([...cases, ...special].flatMap(([, , , expected]) => expected.map(([, id]) => id)));
    expect(Object.keys(RULES).filter((id) => !covered.has(id))).toEqual([]);
    for (const [, , , expected] of [...cases, ...special])
      for (const [level, id] of expected) expect(RULES[id as keyof typeof RULES].level).toBe(level);
  });
});

describe("security removed from the document", () => {
  it("every operation that relied on it became public: widened and a warning each, nothing breaking", async () => {
    const found = await findingsOf("astrocal", (d) => delete d.security);
    expect(found.filter((f) => f.level === "breaking")).toEqual([]);
    const of = (id: string) => found.filter((f) => f.id === id).map((f) => f.operation);
    expect(of("operation-became-public").length).toBeGreaterThan(10);
    expect(of("operation-became-public")).toEqual(of("credentials-widened"));
  });
});

describe("the nested request variants the issue names", () => {
  it("Astrocal: CreateBookingRequest's group variant → AttendeeInput.timezone becomes required", async () => {
    const found = await findingsOf("astrocal", (d) => attendee(d).required.push("timezone"));
    expect(found.filter((f) => f.level === "breaking").map((f) => [f.operation, f.id, f.location])).toEqual([
      [
        "POST /v1/bookings",
        "request-property-became-required",
        "request body application/json (oneOf CreateBookingGroupRequest) › attendees[].timezone",
      ],
    ]);
  });

  it("Astrocal: the group variant's nested field narrowed and its enum value removed", async () => {
    const narrowed = await findingsOf("astrocal", (d) => (attendee(d).properties.timezone.type = "integer"));
    expect(narrowed.map((f) => f.id)).toContain("request-type-narrowed");
    const enumRemoved = await findingsOf(
      "astrocal",
      (d) => (attendee(d).properties.channel.enum = ["sms"]),
      withTargets,
    );
    expect(enumRemoved.filter((f) => f.level === "breaking").map((f) => f.id)).toEqual(["request-enum-value-removed"]);
  });

  it("Cal.com: CreateBookingAttendee.language loses `bn` (inside each of the three POST /v2/bookings variants)", async () => {
    const found = await findingsOf("calcom", (d) => {
      const language = d.components.schemas.CreateBookingAttendee.properties.language;
      language.enum = language.enum.filter((value: string) => value !== "bn");
    });
    const breaking = found.filter((f) => f.level === "breaking");
    expect(breaking.length).toBeGreaterThan(0);
    expect(new Set(breaking.map((f) => f.id))).toEqual(new Set(["request-enum-value-removed"]));
    expect(breaking.find((f) => f.operation === "POST /v2/bookings")).toMatchObject({
      message: 'no longer accepts "bn"',
    });
    expect(breaking.every((f) => f.location.endsWith("attendee.language"))).toBe(true);
  });
});

describe("the surface beyond success responses", () => {
  it("a 3.1 webhook payload is judged as what the app receives", async () => {
    const found = await findingsOf("astrocal", (d) => {
      const payload = astro(d).WebhookEventPayload;
      payload.properties.event = { type: "string" };
    });
    const webhooks = found.filter((f) => f.operation.startsWith("webhook "));
    expect(webhooks.length).toBe(6);
    expect(webhooks[0]).toMatchObject({
      id: "response-enum-removed",
      level: "breaking",
      location: "payload application/json › event",
    });
  });

  it("SavvyCal's AccountEvent (no operation refers to it; verifyWebhook is typed from it) is compared", async () => {
    const found = await findingsOf("savvycal", (d) => {
      const event = d.components.schemas.AccountEvent;
      delete event.properties.created_at;
    });
    expect(found.map((f) => [f.level, f.id, f.operation, f.location])).toEqual([
      ["breaking", "response-property-removed", "schema AccountEvent", "component schema › created_at"],
    ]);
  });
});

describe("false positives, classified as the table says", () => {
  const cases: Array<[string, (d: Doc) => unknown, Array<[string, string]>]> = [
    [
      "a pattern generalised to .*",
      (d) => (attendee(d).properties.channel.pattern = ".*"),
      [["info", "request-constraint-loosened"]],
    ],
    [
      "a pattern removed",
      (d) => delete attendee(d).properties.channel.pattern,
      [["info", "request-constraint-loosened"]],
    ],
    [
      "a parameter's pattern generalised to ^.*$",
      (d) => (search(d).schema.pattern = "^.*$"),
      [["info", "request-constraint-loosened"]],
    ],
    [
      "a parameter's pattern removed",
      (d) => delete search(d).schema.pattern,
      [["info", "request-constraint-loosened"]],
    ],
    [
      "maxItems set on a boolean parameter (no effect on its type)",
      (d) => (listEventTypes(d).parameters[0].schema.maxItems = 1),
      [],
    ],
    ["maxItems set on a string (no effect on its type)", (d) => (attendee(d).properties.timezone.maxItems = 1), []],
    ["minimum set on an array (no effect)", (d) => (attendee(d).properties.tags.minimum = 3), []],
    [
      "a variant member moved to another $ref name, same shape",
      (d) => {
        astro(d).GroupBooking = astro(d).CreateBookingGroupRequest;
        delete astro(d).CreateBookingGroupRequest;
        astro(d).CreateBookingRequest.oneOf[1] = { $ref: "#/components/schemas/GroupBooking" };
      },
      [],
    ],
  ];
  it.each(cases)("%s", async (_name, mutate, expected) => {
    expect(check(await findingsOf("astrocal", mutate, withTargets))).toEqual(expected);
  });
});

describe("JSON Schema 2020-12 and exclusive bounds, both directions", () => {
  const body = (d: Doc) => attendee(d); // a request body member
  const answer = (d: Doc) => cancelled(d); // a response
  const keywordCases: Array<[string, (d: Doc) => unknown, (d: Doc) => unknown, string, string]> = [
    // [name, set on a request schema, on a response schema, request rule when added, response rule when added]
    [
      "prefixItems",
      (d) => (body(d).properties.tags.prefixItems = [{ type: "string" }]),
      (d) => (answer(d).properties.slots.prefixItems = [{ type: "string" }]),
      "request-constraint-tightened",
      "response-type-changed",
    ],
    [
      "patternProperties",
      (d) => (body(d).patternProperties = { "^x-": { type: "string" } }),
      (d) => (answer(d).patternProperties = { "^x-": { type: "string" } }),
      "request-constraint-tightened",
      "response-type-changed",
    ],
    [
      "propertyNames",
      (d) => (body(d).propertyNames = { maxLength: 20 }),
      (d) => (answer(d).propertyNames = { maxLength: 20 }),
      "request-constraint-tightened",
      "response-validation-changed",
    ],
    [
      "contains + minContains",
      (d) => Object.assign(body(d).properties.tags, { contains: { const: "a" }, minContains: 1 }),
      (d) => Object.assign(answer(d).properties.slots, { contains: { const: "a" }, minContains: 1 }),
      "request-constraint-tightened",
      "response-validation-changed",
    ],
    [
      "dependentRequired",
      (d) => (body(d).dependentRequired = { channel: ["timezone"] }),
      (d) => (answer(d).dependentRequired = { kind: ["start_time"] }),
      "request-constraint-tightened",
      "response-validation-changed",
    ],
    [
      "dependentSchemas",
      (d) => (body(d).dependentSchemas = { channel: { required: ["timezone"] } }),
      (d) => (answer(d).dependentSchemas = { kind: { required: ["start_time"] } }),
      "request-constraint-tightened",
      "response-validation-changed",
    ],
    [
      "if / then",
      (d) => Object.assign(body(d), { if: { required: ["channel"] }, then: { required: ["timezone"] } }),
      (d) => Object.assign(answer(d), { if: { required: ["kind"] }, then: { required: ["start_time"] } }),
      "request-constraint-tightened",
      "response-validation-changed",
    ],
    [
      "unevaluatedProperties: false",
      (d) => (body(d).unevaluatedProperties = false),
      (d) => (answer(d).unevaluatedProperties = false),
      "request-constraint-tightened",
      "response-validation-changed",
    ],
    [
      "unevaluatedItems: false",
      (d) => (body(d).properties.tags.unevaluatedItems = false),
      (d) => (answer(d).properties.slots.unevaluatedItems = false),
      "request-constraint-tightened",
      "response-validation-changed",
    ],
    [
      "exclusiveMaximum (3.1 number)",
      (d) => (body(d).properties.seats.exclusiveMaximum = 10),
      (d) => (answer(d).properties.refund.oneOf[1].exclusiveMaximum = 10),
      "request-constraint-tightened",
      "response-constraint-tightened",
    ],
  ];
  const inverse: Record<string, string> = {
    "request-constraint-tightened": "request-constraint-loosened",
    "response-type-changed": "response-type-changed",
    "response-validation-changed": "response-validation-changed",
    "response-constraint-tightened": "response-constraint-loosened",
  };
  it.each(keywordCases)(
    "%s: added and removed, sent and received",
    async (_name, onRequest, onResponse, added, responseAdded) => {
      const ids = async (mutate: (d: Doc) => unknown, prepare: (d: Doc) => unknown) =>
        check(await findingsOf("astrocal", mutate, prepare)).map(([, id]) => id);
      expect(await ids(onRequest, withTargets)).toContain(added);
      // The keyword unchanged: nothing to report.
      expect(
        await ids(
          () => {},
          (d) => (withTargets(d), onRequest(d), onResponse(d)),
        ),
      ).toEqual([]);
      // Removed: the keyword on the base, not on the new version.
      const removedFindings = await findingsOfRemoved(onRequest);
      expect(removedFindings).toContain(inverse[added]);
      expect(await ids(onResponse, withTargets)).toContain(responseAdded);
      expect(await findingsOfRemoved(onResponse)).toContain(inverse[responseAdded]);
    },
  );

  async function findingsOfRemoved(set: (d: Doc) => unknown): Promise<string[]> {
    const original = await acceptedDocument("astrocal");
    const [before, after] = [structuredClone(original), structuredClone(original)];
    withTargets(before);
    withTargets(after);
    set(before);
    return diffManifests(await manifestOf("astrocal", before), await manifestOf("astrocal", after)).findings.map(
      (f) => f.id,
    );
  }

  it("items: true → a schema narrows what is sent, → false closes it; on what is received the type changes", async () => {
    const openItems = (d: Doc) => (
      withTargets(d),
      (attendee(d).properties.tags.items = true),
      (cancelled(d).properties.slots.items = true)
    );
    const ids = async (mutate: (d: Doc) => unknown) =>
      check(await findingsOf("astrocal", mutate, openItems)).map(([level, id]) => `${level} ${id}`);
    expect(await ids((d) => (attendee(d).properties.tags.items = { type: "string" }))).toEqual([
      "breaking request-constraint-tightened",
    ]);
    expect(await ids((d) => (attendee(d).properties.tags.items = false))).toEqual([
      "breaking request-constraint-tightened",
    ]);
    expect(await ids((d) => (cancelled(d).properties.slots.items = false))).toEqual(["breaking response-type-changed"]);
  });

  it("the 3.0 boolean exclusiveMinimum on Cal.com's request parameters tightens, and unset loosens", async () => {
    const target = (d: Doc) =>
      d.paths["/v2/bookings"].get.parameters.find(
        (p: any) => p.schema?.type === "number" || p.schema?.type === "integer",
      );
    const prepare = (d: Doc) => (target(d).schema = { type: "integer", minimum: 0 });
    const tightened = await findingsOf("calcom", (d) => (target(d).schema.exclusiveMinimum = true), prepare);
    expect(tightened.map((f) => [f.level, f.id, f.message])).toEqual([
      ["breaking", "request-constraint-tightened", "minimum ≥ 0 → > 0"],
    ]);
    const loosened = await findingsOf(
      "calcom",
      (d) => delete target(d).schema.exclusiveMinimum,
      (d) => (prepare(d), (target(d).schema.exclusiveMinimum = true)),
    );
    expect(loosened.map((f) => [f.level, f.id])).toEqual([["info", "request-constraint-loosened"]]);
  });
});
