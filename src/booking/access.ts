/**
 * The booking client's type: exactly the methods its credential can call. A method exists when all
 * the operations of one of its alternatives (operations.ts) are among the paths the credential's
 * raw client is typed with (generated/<id>/access.ts), so both clients follow the same rules.
 */
import type { AstrocalPathsFor } from "../../generated/astrocal/access.js";
import type { AstrocalCredential } from "../../generated/astrocal/index.js";
import type { CalcomPathsFor } from "../../generated/calcom/access.js";
import type { CalcomCredential } from "../../generated/calcom/index.js";
import type { SavvyCalPathsFor } from "../../generated/savvycal/access.js";
import type { SavvyCalCredential } from "../../generated/savvycal/index.js";
import type { TimekitPathsFor } from "../../generated/timekit/access.js";
import type { TimekitCredential } from "../../generated/timekit/index.js";
import type {
  BookInput,
  Booking,
  BookingEvent,
  BookingsQuery,
  CancelInput,
  EventType,
  ProviderId,
  RescheduleInput,
  Slot,
  SlotsQuery,
  WebhookInput,
} from "./model.js";
import type { BookingOperations } from "./operations.js";

/** The credential types of each provider's raw client. */
export interface ProviderCredentials {
  savvycal: SavvyCalCredential;
  calcom: CalcomCredential;
  astrocal: AstrocalCredential;
  timekit: TimekitCredential;
}

/** The paths a provider's raw client offers a credential (the generated access types). */
export type PathsFor<P extends ProviderId, C> = {
  savvycal: C extends SavvyCalCredential ? SavvyCalPathsFor<C> : never;
  calcom: C extends CalcomCredential ? CalcomPathsFor<C> : never;
  astrocal: C extends AstrocalCredential ? AstrocalPathsFor<C> : never;
  timekit: C extends TimekitCredential ? TimekitPathsFor<C> : never;
}[P];

/** The paths type offers this verb on this path (the full `paths` type marks absent verbs `?: never`). */
type HasOperation<Paths, Op> = Op extends readonly [infer Verb, infer Path]
  ? Path extends keyof Paths
    ? Verb extends keyof Paths[Path]
      ? [Exclude<Paths[Path][Verb], undefined>] extends [never]
        ? false
        : true
      : false
    : false
  : false;

type HasAll<Paths, Ops> = Ops extends readonly [infer Head, ...infer Tail]
  ? HasOperation<Paths, Head> extends true
    ? HasAll<Paths, Tail>
    : false
  : true;

type HasAny<Paths, Alternatives> = Alternatives extends readonly [infer Head, ...infer Tail]
  ? HasAll<Paths, Head> extends true
    ? true
    : HasAny<Paths, Tail>
  : false;

/** The booking methods a client over `Paths` can call. */
export type AvailableMethods<P extends ProviderId, Paths> = {
  [M in keyof BookingOperations[P]]: HasAny<Paths, BookingOperations[P][M]> extends true ? M : never;
}[keyof BookingOperations[P]];

export interface EventTypesQuery {
  /** Cal.com: whose event types to list — needed without a credential (the public route lists one user's). */
  readonly username?: string;
}

export interface CancelOptions extends CancelInput {
  /** Astrocal without a key: the invitee's `cancel_token` (bookings this client made remember theirs). */
  readonly token?: string;
}

export interface RescheduleOptions extends RescheduleInput {
  /** Astrocal without a key: the invitee's `cancel_token` (bookings this client made remember theirs). */
  readonly token?: string;
  /** Timekit: the resource to move the booking to (by default the booking's own, when it can be read). */
  readonly resourceId?: string;
}

/** Every booking method; a client has those its credential can call. */
export interface BookingMethods<P extends ProviderId> {
  /** What can be booked: SavvyCal services, Cal.com and Astrocal event types, Timekit projects. */
  eventTypes(query?: EventTypesQuery): Promise<EventType<P>[]>;
  /** Free times of an event type in [from, to), expressed in `timeZone`. */
  slots(query: SlotsQuery): Promise<Slot<P>[]>;
  /** Books a slot; a slot taken since `slots` rejects with SlotUnavailableError. */
  book(input: BookInput): Promise<Booking<P>>;
  /** One booking by id (Cal.com: uid). */
  get(id: string): Promise<Booking<P>>;
  /** Moves a booking to another start; a taken slot rejects with SlotUnavailableError. */
  reschedule(id: string, input: RescheduleOptions): Promise<Booking<P>>;
  /** Cancels a booking. */
  cancel(id: string, input?: CancelOptions): Promise<Booking<P>>;
  /** Every booking (the provider's pagination walked), filtered by `from`/`to`/`status`. */
  bookings(query?: BookingsQuery): AsyncIterable<Booking<P>>;
}

interface WebhookMethod<P extends ProviderId> {
  /** Verifies a webhook delivery with the provider's own verifyWebhook, then normalises it. */
  webhook(input: WebhookInput): Promise<BookingEvent<P>>;
}

/**
 * `webhook` needs no API credential, only the webhook's secret. Timekit has none: Timekit documents
 * no way to sign or verify its webhooks, so nothing here pretends to verify them.
 */
type WebhookFor<P extends ProviderId> = P extends "timekit" ? {} : WebhookMethod<P>;

/** A booking client for provider `P` over a raw client typed with `Paths`. */
export type BookingClient<P extends ProviderId, Paths = unknown> = Pick<
  BookingMethods<P>,
  Extract<AvailableMethods<P, Paths>, keyof BookingMethods<P>>
> &
  WebhookFor<P> & {
    readonly provider: P;
  };

/** The booking client `createBookingClient` returns for a credential `C` of provider `P`. */
export type BookingClientFor<P extends ProviderId, C> = BookingClient<P, PathsFor<P, C>>;
