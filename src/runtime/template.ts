/**
 * The one grammar of the templates an annotation file writes and the runtime fills: header values,
 * token-refresh paths and bodies. A placeholder is `{option}` (letters, digits, underscore), or
 * `{option:basic}` in a header (HTTP Basic with an empty user). Everything else is literal text.
 * The generator checks annotation files with it; the runtime fills templates with it.
 */

/** `"{option}"`, `"Prefix {option}"`, `"{option:basic}"`: see the module's comment. */
export type Template = string;

export interface Placeholder {
  readonly option: string;
  readonly encoding?: "basic";
}

const PLACEHOLDER = /\{([A-Za-z0-9_]+)(?::(basic))?\}/g;

/** The placeholders of a template, in order (repeats included). */
export function placeholdersIn(template: Template): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map(([, option, encoding]) =>
    encoding ? { option, encoding: "basic" } : { option },
  );
}

/**
 * The template with each placeholder replaced by `valueOf(placeholder)`; undefined when a value is
 * undefined (an option the template needs is absent).
 */
export function fillTemplate(template: Template, valueOf: (placeholder: Placeholder) => string | undefined) {
  let missing = false;
  const filled = template.replace(PLACEHOLDER, (_, option: string, encoding?: string) => {
    const value = valueOf(encoding ? { option, encoding: "basic" } : { option });
    if (value === undefined) missing = true;
    return value ?? "";
  });
  return missing ? undefined : filled;
}
