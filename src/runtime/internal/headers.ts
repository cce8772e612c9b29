import { own } from "./own.js";
import { fillTemplate, type Template } from "../template.js";

function basicWithEmptyUser(secret: string): string {
  // btoa takes Latin-1; encode as UTF-8 first so any key survives.
  const bytes = new TextEncoder().encode(`:${secret}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Renders a header template; undefined when an option it needs is absent (the header is then not sent). */
export function renderHeader(template: Template, options: Readonly<Record<string, unknown>>): string | undefined {
  return fillTemplate(template, ({ option, encoding }) => {
    const value = own(options, option);
    if (typeof value !== "string" || value === "") return undefined;
    return encoding === "basic" ? basicWithEmptyUser(value) : value;
  });
}

export function renderHeaders(
  templates: Readonly<Record<string, Template>>,
  options: Readonly<Record<string, unknown>>,
): Array<[string, string]> {
  const rendered: Array<[string, string]> = [];
  for (const [name, template] of Object.entries(templates)) {
    const value = renderHeader(template, options);
    if (value !== undefined) rendered.push([name, value]);
  }
  return rendered;
}

/** Lower-cased names of headers given as a record, a Headers or pairs. */
export function headerNames(headers: unknown): string[] {
  if (!headers || typeof headers !== "object") return [];
  if (headers instanceof Headers || Array.isArray(headers)) return [...new Headers(headers as HeadersInit).keys()];
  return Object.keys(headers).map((name) => name.toLowerCase());
}
