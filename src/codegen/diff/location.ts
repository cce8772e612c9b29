/**
 * How a finding says where it is: "request body application/json › attendees[].timezone". Rule
 * modules build locations with this and nothing else, so every report spells them alike.
 */

/** Where a nested part of a schema is: "location › a.b[]". */
export function within(location: string, suffix: string): string {
  return location.includes("›") ? `${location}${suffix}` : `${location} › ${suffix.replace(/^\./, "")}`;
}
