/**
 * The booking page's server: it holds one booking client per provider — and so the credentials,
 * which never reach the browser — and offers the page four JSON routes over them:
 *
 *   GET  /api/providers                                   the providers, and the day each page opens on
 *   GET  /api/<provider>/event-types                      what can be booked
 *   GET  /api/<provider>/slots?eventTypeId&from&to&timeZone  free times in [from, to)
 *   POST /api/<provider>/bookings                         { eventTypeId, start, end, name, email, timeZone }
 *
 * besides the page itself (public/). Node's http module only; no framework.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import {
  NotFoundError,
  SlotUnavailableError,
  ValidationError,
  type BookingMethods,
  type ProviderId,
} from "scheduling-clients/booking";

/** What the page needs of a provider's booking client: any credential with these three methods will do. */
export type PageClient = Pick<BookingMethods<ProviderId>, "eventTypes" | "slots" | "book">;

export interface BookingPageOptions {
  /** The booking client of each provider the page offers, in the order the page lists them. */
  readonly clients: Partial<Record<ProviderId, PageClient>>;
  /** The day (YYYY-MM-DD) the page opens each provider on; today where not given. */
  readonly initialDays?: Partial<Record<ProviderId, string>>;
}

const providerNames: Record<ProviderId, string> = {
  savvycal: "SavvyCal",
  calcom: "Cal.com",
  astrocal: "Astrocal",
  timekit: "Timekit",
};

/** The page's files: a fixed list, so no request path ever reaches the file system. */
const publicDir = path.join(import.meta.dirname, "public");
const staticFiles: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/page.js": { file: "page.js", type: "text/javascript; charset=utf-8" },
};

/** A request the page got wrong: answered 400 with the message. */
class BadRequest extends Error {}

const maxBodyBytes = 16 * 1024;

export function createBookingPageServer({ clients, initialDays = {} }: BookingPageOptions): Server {
  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => answerError(response, request, error));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const asset = request.method === "GET" ? staticFiles[url.pathname] : undefined;
    if (asset) {
      const body = await readFile(path.join(publicDir, asset.file));
      response.writeHead(200, { "content-type": asset.type, "cache-control": "no-store" }).end(body);
      return;
    }
    if (request.method === "GET" && url.pathname === "/api/providers") {
      const providers = Object.keys(clients).map((id) => ({
        id,
        name: providerNames[id as ProviderId],
        initialDay: initialDays[id as ProviderId] ?? null,
      }));
      return json(response, 200, providers);
    }
    const route = /^\/api\/([a-z]+)\/(event-types|slots|bookings)$/.exec(url.pathname);
    const provider = route?.[1] as ProviderId | undefined;
    const client = provider && Object.hasOwn(clients, provider) ? clients[provider] : undefined;
    if (!route || !client) return json(response, 404, { error: `no such page or API route: ${url.pathname}` });

    if (request.method === "GET" && route[2] === "event-types") {
      const types = await client.eventTypes();
      return json(
        response,
        200,
        types.map(({ id, title, durations }) => ({ id, title, durations })),
      );
    }
    if (request.method === "GET" && route[2] === "slots") {
      const query = {
        eventTypeId: required(url.searchParams.get("eventTypeId"), "eventTypeId"),
        from: required(url.searchParams.get("from"), "from"),
        to: required(url.searchParams.get("to"), "to"),
        timeZone: required(url.searchParams.get("timeZone"), "timeZone"),
      };
      const slots = await client.slots(query);
      return json(
        response,
        200,
        slots.map(({ start, end }) => ({ start, end })),
      );
    }
    if (request.method === "POST" && route[2] === "bookings") {
      const body = await readJson(request);
      const booked = await client.book({
        eventTypeId: required(body.eventTypeId, "eventTypeId"),
        start: required(body.start, "start"),
        ...(typeof body.end === "string" ? { end: body.end } : {}),
        attendee: {
          name: required(body.name, "name"),
          email: required(body.email, "email"),
          timeZone: required(body.timeZone, "timeZone"),
        },
      });
      const { id, status, start, end, timeZone } = booked;
      return json(response, 201, { id, status, start, end, timeZone });
    }
    return json(response, 405, { error: `${request.method} is not allowed on ${url.pathname}` });
  }
}

function required(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new BadRequest(`${field} is required`);
  return value;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of request) {
    text += chunk;
    if (text.length > maxBodyBytes) throw new BadRequest(`the request body is over ${maxBodyBytes} bytes`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new BadRequest("the request body must be a JSON object");
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

/**
 * The page sees one line it can show; the server's log gets the same line with the route. The
 * clients' messages name credential kinds, never their values, so neither leaks the credential.
 */
function answerError(response: ServerResponse, request: IncomingMessage, error: unknown): void {
  const status =
    error instanceof BadRequest || error instanceof ValidationError
      ? 400
      : error instanceof NotFoundError
        ? 404
        : error instanceof SlotUnavailableError
          ? 409
          : 502;
  // A 502 is the provider's side: unreachable, refusing the credential, or answering what cannot be mapped.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`booking-page: ${request.method} ${request.url?.split("?")[0]} → ${status}: ${message}`);
  if (response.headersSent) response.end();
  else json(response, status, { error: message });
}
