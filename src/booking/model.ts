/**
 * One model of booking over the four providers. Every object carries `provider` and `raw`, the
 * provider's own object typed from its generated schema, so nothing the provider said is lost.
 * Instants are ISO 8601 strings with an explicit offset; zones are IANA names.
 */
import type { components as AstrocalSchemas } from "../../generated/astrocal/schema.js";
import type { AstrocalWebhookEvent } from "../../generated/astrocal/webhooks.js";
import type { components as CalcomSchemas, operations as CalcomOperations } from "../../generated/calcom/schema.js";
import type { CalcomWebhookEvent } from "../../generated/calcom/webhooks.js";
import type { components as SavvyCalSchemas } from "../../generated/savvycal/schema.js";
import type { SavvyCalWebhookEvent } from "../../generated/savvycal/webhooks.js";
import type { components as TimekitSchemas } from "../../generated/timekit/schema.js";

export type ProviderId = "savvycal" | "calcom" | "astrocal" | "timekit";

type CalcomSlotsBody =
  CalcomOperations["SlotsController_2024_09_04_getAvailableSlots"]["responses"][200]["content"]["application/json"];

type CalcomBookingData =
  | CalcomSchemas["schemas"]["CreateBookingOutput_2024_08_13"]["data"]
  | CalcomSchemas["schemas"]["GetBookingOutput_2024_08_13"]["data"]
  | CalcomSchemas["schemas"]["GetBookingsOutput_2024_08_13"]["data"][number];

/** The booking a Cal.com booking webhook carries. */
export type CalcomWebhookBooking = Extract<CalcomWebhookEvent, { payload: { uid: string } }>["payload"];

/** Each provider's own objects behind the model: what `raw` is typed as. */
export interface ProviderObjects {
  savvycal: {
    eventType: SavvyCalSchemas["schemas"]["Service"];
    slot: SavvyCalSchemas["schemas"]["Slot"] | SavvyCalSchemas["schemas"]["AggregatedSlot"];
    booking: SavvyCalSchemas["schemas"]["Appointment"] | SavvyCalSchemas["schemas"]["PublicAppointment"];
    event: SavvyCalWebhookEvent;
  };
  calcom: {
    eventType: CalcomSchemas["schemas"]["EventTypeOutput_2024_06_14"];
    /** One entry of a day's list in `/v2/slots` (`format=range`). */
    slot: Extract<CalcomSlotsBody["data"][string][number], object>;
    /** A booking as the bookings endpoints answer it (regular, recurring or seated), or as a webhook carries it. */
    booking: Exclude<CalcomBookingData, readonly unknown[]> | CalcomWebhookBooking;
    event: CalcomWebhookEvent;
  };
  astrocal: {
    eventType: AstrocalSchemas["schemas"]["EventType"];
    slot: AstrocalSchemas["schemas"]["Slot"];
    booking: AstrocalSchemas["schemas"]["Booking"] | AstrocalSchemas["schemas"]["CancelBookingResponse"];
    event: AstrocalWebhookEvent;
  };
  timekit: {
    eventType: TimekitSchemas["schemas"]["Project"];
    slot: TimekitSchemas["schemas"]["AvailabilityTimeslot"];
    booking: TimekitSchemas["schemas"]["Booking"];
    /** Timekit documents no webhook signing: there are no verified Timekit events. */
    event: never;
  };
}

/** What can be booked: a SavvyCal service, Cal.com or Astrocal event type, Timekit project. */
export interface EventType<P extends ProviderId = ProviderId> {
  readonly provider: P;
  readonly id: string;
  readonly title: string;
  /** The lengths one can book, in minutes (the default first). Empty where the provider does not say. */
  readonly durations: readonly number[];
  readonly slug?: string;
  readonly raw: ProviderObjects[P]["eventType"];
}

/** A free time, expressed in the time zone `slots` was asked for. */
export interface Slot<P extends ProviderId = ProviderId> {
  readonly provider: P;
  readonly eventTypeId: string;
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  readonly raw: ProviderObjects[P]["slot"];
}

/**
 * One small status: `confirmed`, `pending` (awaiting confirmation or payment), `cancelled`,
 * `declined` (the host rejected it), `rescheduled` (this booking was moved; its successor holds the time).
 */
export type BookingStatus = "confirmed" | "pending" | "cancelled" | "declined" | "rescheduled";

export interface Attendee {
  readonly name?: string;
  readonly email?: string;
  readonly timeZone?: string;
}

export interface Booking<P extends ProviderId = ProviderId> {
  readonly provider: P;
  /** What `get`, `reschedule` and `cancel` take (Cal.com: the booking's uid). */
  readonly id: string;
  readonly status: BookingStatus;
  /** `start`/`end` in `timeZone`: the attendee's zone where the provider says it, else UTC. */
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  readonly eventTypeId?: string;
  readonly attendees: readonly Attendee[];
  readonly location?: string;
  readonly meetingUrl?: string;
  readonly cancellationReason?: string;
  readonly raw: ProviderObjects[P]["booking"];
}

/** A verified webhook delivery, normalised: the three booking events, or the provider's other events as they are. */
export type BookingEvent<P extends ProviderId = ProviderId> =
  | {
      readonly provider: P;
      readonly type: "booking.created" | "booking.rescheduled" | "booking.cancelled";
      readonly booking: Booking<P>;
      readonly raw: ProviderObjects[P]["event"];
    }
  | {
      readonly provider: P;
      readonly type: "other";
      /** The provider's own name for the event (`appointment.confirmed`, `MEETING_ENDED`, `waitlist.promoted`). */
      readonly name: string;
      readonly raw: ProviderObjects[P]["event"];
    };

export interface SlotsQuery {
  readonly eventTypeId: string;
  /** Slots starting at or after `from` and before `to` (ISO 8601 with offsets). */
  readonly from: string;
  readonly to: string;
  /** The IANA zone the slots are expressed in. */
  readonly timeZone: string;
  /** For event types with several lengths (Cal.com, Astrocal). */
  readonly duration?: number;
}

export interface BookInput {
  readonly eventTypeId: string;
  /** A slot's `start`. */
  readonly start: string;
  /**
   * The slot's `end`. SavvyCal and Timekit need it; when left out, the end of the slot `slots`
   * returned for this start is used, else the event type's length.
   */
  readonly end?: string;
  readonly attendee: { readonly name: string; readonly email: string; readonly timeZone: string };
  readonly notes?: string;
}

export interface RescheduleInput {
  readonly start: string;
  /** SavvyCal and Timekit need the new end; when left out, the booking's length is kept. */
  readonly end?: string;
  readonly reason?: string;
}

export interface CancelInput {
  readonly reason?: string;
}

export interface BookingsQuery {
  /** Bookings starting at or after `from` and before `to`, where given. */
  readonly from?: string;
  readonly to?: string;
  /** `upcoming`: not cancelled and not over; `past`: over; `cancelled`. All when left out. */
  readonly status?: "upcoming" | "past" | "cancelled";
  readonly signal?: AbortSignal;
}

export interface WebhookInput {
  readonly rawBody: string | Uint8Array;
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly secret: string;
}
