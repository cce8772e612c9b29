// The booking page: pick a provider, an event type, a day and a free time, then book it. Every call
// goes to this page's own server (server.ts), which holds the providers' credentials.

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const $ = (id) => document.getElementById(id);
// `asked` counts slot requests, so only the latest one's answer is shown.
// `booking` is true while a booking is in flight.
const state = { provider: "", eventType: undefined, slot: undefined, days: {}, asked: 0, booking: false };

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `the server answered ${response.status}`);
  return body;
}

function show(message, kind) {
  $("message").textContent = message;
  $("message").className = kind;
}

/** Buttons of which one is chosen (aria-pressed), in `container`. */
function choices(container, items, label, onChoose) {
  container.replaceChildren(
    ...items.map((item) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label(item);
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => {
        for (const other of container.children) other.setAttribute("aria-pressed", String(other === button));
        onChoose(item);
      });
      return button;
    }),
  );
}

/** [from, to) of a calendar day in the browser's zone, as instants with an offset (UTC here). */
function dayRange(day) {
  const [year, month, date] = day.split("-").map(Number);
  return {
    from: new Date(year, month - 1, date).toISOString(),
    to: new Date(year, month - 1, date + 1).toISOString(),
  };
}

/** "09:30" from "2026-06-15T09:30:00+02:00": slots come in the zone they were asked for. */
const clock = (instant) => instant.slice(11, 16);

function chooseSlot(slot) {
  if (state.booking) return;
  state.slot = slot;
  $("submit").disabled = false;
}

async function loadSlots() {
  const asked = ++state.asked;
  state.slot = undefined;
  $("submit").disabled = true;
  $("slots").replaceChildren();
  if (!state.eventType || !$("day").value) return;
  const query = new URLSearchParams({ eventTypeId: state.eventType.id, ...dayRange($("day").value), timeZone });
  try {
    const slots = await api(`/api/${state.provider}/slots?${query}`);
    if (state.asked !== asked) return; // another provider, event type or day was chosen meanwhile
    if (slots.length === 0) $("slots").textContent = "No free times on this day.";
    else choices($("slots"), slots, (slot) => `${clock(slot.start)}–${clock(slot.end)}`, chooseSlot);
  } catch (error) {
    show(`Could not load free times: ${error.message}`, "failed");
  }
}

async function loadEventTypes() {
  state.eventType = undefined;
  $("event-types").replaceChildren();
  $("day").value = state.days[state.provider] ?? new Date().toLocaleDateString("sv"); // sv: YYYY-MM-DD
  await loadSlots();
  const asked = state.provider;
  try {
    const types = await api(`/api/${asked}/event-types`);
    if (state.provider !== asked) return; // another provider was chosen meanwhile
    const label = (type) => (type.durations.length ? `${type.title} (${type.durations[0]} min)` : type.title);
    choices($("event-types"), types, label, (type) => {
      state.eventType = type;
      loadSlots();
    });
  } catch (error) {
    show(`Could not load what can be booked: ${error.message}`, "failed");
  }
}

/**
 * While a booking is in flight the page is locked — provider, event type, day, time and details — so
 * nothing can change under it and Book cannot be pressed again (a second booking of the same time).
 */
function lock(locked) {
  state.booking = locked;
  for (const fieldset of document.querySelectorAll("fieldset")) fieldset.disabled = locked;
}

async function book(event) {
  event.preventDefault();
  if (state.booking || !state.eventType || !state.slot) return;
  // What is booked, as it was when Book was pressed: the answer is told about these, whatever the page shows by then.
  const { provider, eventType, slot } = state;
  $("submit").disabled = true;
  lock(true);
  try {
    const booking = await api(`/api/${provider}/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        eventTypeId: eventType.id,
        start: slot.start,
        end: slot.end,
        name: $("name").value,
        email: $("email").value,
        timeZone,
      }),
    });
    show(
      `Booked: ${eventType.title} on ${slot.start.slice(0, 10)} at ${clock(slot.start)} ` +
        `(${timeZone}). Booking ${booking.id}, ${booking.status}.`,
      "confirmed",
    );
    // Book stays disabled: that time is taken now; choosing another time enables it again.
  } catch (error) {
    show(`Not booked: ${error.message}`, "failed");
    // Book again only for the time still chosen (the page may have moved on meanwhile).
    $("submit").disabled = state.slot !== slot;
  } finally {
    lock(false);
  }
}

async function start() {
  $("time-zone").textContent = timeZone;
  const providers = await api("/api/providers");
  for (const { id, name, initialDay } of providers) {
    $("provider").append(new Option(name, id));
    if (initialDay) state.days[id] = initialDay;
  }
  state.provider = $("provider").value;
  $("provider").addEventListener("change", () => {
    state.provider = $("provider").value;
    show("", "");
    loadEventTypes();
  });
  $("day").addEventListener("change", loadSlots);
  $("book").addEventListener("submit", book);
  await loadEventTypes();
}

start().catch((error) => show(`The page could not start: ${error.message}`, "failed"));
