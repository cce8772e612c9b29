/**
 * What a diff produces: findings, each naming a rule of the table (which fixes its level), the
 * operation, where inside it, and one line. Collected once each — a change reached by two paths
 * inside one operation is one finding — and sorted breaking → warning → info.
 */
import { RULES, type Level, type RuleId } from "./rule-table.js";

export type { Level, RuleId };

export interface Finding {
  /** Stable rule id, e.g. `request-property-became-required`. */
  id: RuleId;
  level: Level;
  /** "METHOD /path", "webhook <name> <METHOD>" or "schema <name>". */
  operation: string;
  /** Where inside it, e.g. "response 200 application/json › data.items[].name". */
  location: string;
  message: string;
  /** The booking API's methods that use this operation, e.g. `["booking.book"]` (absent: none). */
  affects?: string[];
}

export interface ProviderDiff {
  provider: string;
  /** Breaking first, then warnings, then info. */
  findings: Finding[];
  breaking: Finding[];
  nonBreaking: Finding[];
  /** Annotation rules that no longer fit one of the specs. */
  warnings: string[];
}

const LEVEL_ORDER: Record<Level, number> = { breaking: 0, warning: 1, info: 2 };

export class Findings {
  private readonly list: Finding[] = [];
  private readonly seen = new Set<string>();

  add(id: RuleId, operation: string, location: string, message: string): void {
    const key = JSON.stringify([id, operation, location, message]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ id, level: RULES[id].level, operation, location, message });
  }

  result(provider: string, warnings: string[]): ProviderDiff {
    const findings = this.list.sort(
      (a, b) =>
        LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
        a.operation.localeCompare(b.operation) ||
        a.location.localeCompare(b.location) ||
        a.id.localeCompare(b.id) ||
        a.message.localeCompare(b.message),
    );
    return {
      provider,
      findings,
      breaking: findings.filter((f) => f.level === "breaking"),
      nonBreaking: findings.filter((f) => f.level !== "breaking"),
      warnings,
    };
  }
}
