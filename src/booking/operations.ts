/**
 * Which provider operations each booking method uses, as data: the one table the method set per
 * credential (types in access.ts, the runtime choice in client.ts) follows, and that the generator
 * records in each provider's `generated/<id>/manifest.json` (`booking`), from which `specs:diff`
 * says a change to one of these operations affects `booking.<method>`. Data only, no imports: the
 * generator (build-time) reads it; nothing here may import the generator.
 *
 * Per provider and method: alternatives, tried in order; a method exists for a credential when all
 * the operations of one alternative are callable with it (the generated access types, the same
 * ones the raw clients are typed with), and it uses the first such alternative.
 */

export type HttpVerb = "get" | "post" | "put" | "patch" | "delete";
export type Operation = readonly [verb: HttpVerb, path: string];

export const bookingMethods = ["eventTypes", "slots", "book", "get", "reschedule", "cancel", "bookings"] as const;
export type BookingMethodName = (typeof bookingMethods)[number];

export const bookingOperations = {
  savvycal: {
    eventTypes: [[["get", "/v1/services"]]],
    slots: [[["get", "/v1/services/{service_id}/slots"]], [["get", "/v1/public/services/{service_id}/slots"]]],
    book: [[["post", "/v1/appointments"]], [["post", "/v1/public/appointments"]]],
    get: [[["get", "/v1/appointments/{appointment_id}"]], [["get", "/v1/public/appointments/{appointment_id}"]]],
    // The booking is read first when the new end is not given, to keep its length.
    reschedule: [
      [
        ["post", "/v1/appointments/{appointment_id}/reschedule"],
        ["get", "/v1/appointments/{appointment_id}"],
      ],
      [
        ["post", "/v1/public/appointments/{appointment_id}/reschedule"],
        ["get", "/v1/public/appointments/{appointment_id}"],
      ],
    ],
    cancel: [
      [["post", "/v1/appointments/{appointment_id}/cancel"]],
      [["post", "/v1/public/appointments/{appointment_id}/cancel"]],
    ],
    bookings: [[["get", "/v1/appointments"]]],
  },
  calcom: {
    eventTypes: [[["get", "/v2/event-types"]]],
    slots: [[["get", "/v2/slots"]]],
    book: [[["post", "/v2/bookings"]]],
    get: [[["get", "/v2/bookings/{bookingUid}"]]],
    reschedule: [[["post", "/v2/bookings/{bookingUid}/reschedule"]]],
    cancel: [[["post", "/v2/bookings/{bookingUid}/cancel"]]],
    bookings: [[["get", "/v2/bookings"]]],
  },
  astrocal: {
    eventTypes: [[["get", "/v1/event-types"]]],
    slots: [[["get", "/v1/availability"]]],
    book: [[["post", "/v1/bookings"]]],
    get: [[["get", "/v1/bookings/{id}"]]],
    reschedule: [[["post", "/v1/bookings/{id}/reschedule"]]],
    cancel: [[["post", "/v1/bookings/{id}/cancel"]]],
    bookings: [[["get", "/v1/bookings"]]],
  },
  timekit: {
    eventTypes: [[["get", "/projects"]]],
    slots: [[["post", "/availability"]]],
    book: [[["post", "/bookings"]]],
    get: [[["get", "/bookings/{id}"]]],
    // With the App API key the booking is read when the new end or resource is not given; the widget key cannot read it.
    reschedule: [
      [
        ["post", "/bookings/{id}/reschedule"],
        ["get", "/bookings/{id}"],
      ],
      [["post", "/bookings/{id}/reschedule"]],
    ],
    cancel: [[["put", "/bookings/{id}/{action}"]]],
    bookings: [[["get", "/bookings"]]],
  },
} as const satisfies Record<string, Record<BookingMethodName, readonly (readonly Operation[])[]>>;

export type BookingOperations = typeof bookingOperations;

/**
 * The booking methods an operation of a provider takes part in — what `specs:diff`'s "affects
 * booking.<method>" says, asked of the table directly:
 * `affectedBookingMethods("calcom", "post", "/v2/bookings")` → `["book"]`.
 */
export function affectedBookingMethods(provider: string, verb: string, path: string): BookingMethodName[] {
  // Own properties only: a provider name is data (`__proto__` is just a name).
  const tables: Record<string, Record<BookingMethodName, readonly (readonly Operation[])[]>> = bookingOperations;
  const table = Object.hasOwn(tables, provider) ? tables[provider] : undefined;
  if (!table) return [];
  return bookingMethods.filter((method) =>
    table[method].some((alternative) => alternative.some(([v, p]) => v === verb.toLowerCase() && p === path)),
  );
}
