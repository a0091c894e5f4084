/**
 * Validates Adaptive Card JSON against schema 1.5 (what Teams renders) with the official
 * `adaptivecards` package: parse and validation events, plus unknown or too-new properties,
 * which the library itself silently drops.
 */
import type * as AdaptiveCards from 'adaptivecards';

// The package's UMD build is the one that parses cards in Node; it has the same API as its typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

type Json = Record<string, unknown>;
type Schematic = {
  getSchema(): {
    getCount(): number;
    getItemAt(index: number): { name: string; targetVersion: { major: number; minor: number } };
  };
};

const target = AC.Versions.v1_5;

/** Collections that the library parses outside its property schemas. */
const collectionKeys: Record<string, string[]> = {
  AdaptiveCard: ['body', 'actions'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  ActionSet: ['actions'],
};

function knownProperties(instance: Schematic): Map<string, { major: number; minor: number }> {
  const schema = instance.getSchema();
  const properties = new Map<string, { major: number; minor: number }>();
  for (let index = 0; index < schema.getCount(); index++) {
    const property = schema.getItemAt(index);
    properties.set(property.name, property.targetVersion);
  }
  return properties;
}

function instanceFor(
  json: Json,
  kind: 'element' | 'action' | 'card' | 'fact' | 'column',
): Schematic | undefined {
  if (kind === 'card') return new AC.AdaptiveCard();
  if (kind === 'fact') return new AC.Fact();
  if (kind === 'column') return new AC.Column();
  const type = typeof json.type === 'string' ? json.type : '';
  const registry = kind === 'element' ? AC.GlobalRegistry.elements : AC.GlobalRegistry.actions;
  return registry.createInstance(type, target);
}

function checkProperties(
  json: Json,
  path: string,
  kind: 'element' | 'action' | 'card' | 'fact' | 'column',
  problems: string[],
): void {
  const instance = instanceFor(json, kind);
  if (!instance) return; // unknown types are reported by the parser
  const type = kind === 'card' ? 'AdaptiveCard' : kind === 'column' ? 'Column' : String(json.type);
  const known = knownProperties(instance);
  const collections = collectionKeys[type] ?? [];
  for (const [key, value] of Object.entries(json)) {
    const version = known.get(key);
    if (!version && !collections.includes(key) && key !== 'fallback') {
      problems.push(`${path}: unknown property "${key}" on ${type}`);
      continue;
    }
    if (version && (version.major > 1 || (version.major === 1 && version.minor > 5))) {
      problems.push(`${path}: property "${key}" needs schema ${version.major}.${version.minor}`);
    }
    if (!Array.isArray(value)) {
      if (key === 'selectAction' && value && typeof value === 'object')
        checkProperties(value as Json, `${path}.${key}`, 'action', problems);
      continue;
    }
    const childKind =
      key === 'facts'
        ? 'fact'
        : key === 'columns'
          ? 'column'
          : key === 'actions'
            ? 'action'
            : 'element';
    value.forEach((child, index) => {
      if (child && typeof child === 'object')
        checkProperties(child as Json, `${path}.${key}[${index}]`, childKind, problems);
    });
  }
}

/** Every problem found in the card; an empty list means valid for schema 1.5. */
export function validateAdaptiveCard(json: unknown): string[] {
  const problems: string[] = [];
  if (!json || typeof json !== 'object') return ['card is not an object'];
  const card = json as Json;
  if (card.type !== 'AdaptiveCard') problems.push('type must be "AdaptiveCard"');
  if (card.version !== '1.5' && card.version !== '1.4' && card.version !== '1.3') {
    problems.push(`version ${String(card.version)} is not renderable by Teams (at most 1.5)`);
  }
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(target);
  parsed.parse(card, context);
  for (let index = 0; index < context.eventCount; index++) {
    const event = context.getEventAt(index);
    problems.push(`parse: ${event.message}`);
  }
  for (const failure of parsed.validateProperties().validationEvents) {
    problems.push(`validation: ${failure.message}`);
  }
  checkProperties(card, 'card', 'card', problems);
  return problems;
}
