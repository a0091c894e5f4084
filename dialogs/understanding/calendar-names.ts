import { placeKey } from '../../models/place-names';
import { allowedTypos } from '../../knowledge/retrieval/typo-tolerance';
import { FirstWordIndex } from './first-word-index';

export interface KnownPlace {
  departamento: string;
  municipio: string;
}

export type PlaceMention =
  | { kind: 'municipio'; municipio: string; departamento: string; text: string }
  | { kind: 'departamento'; departamento: string; text: string };

export interface NamedPlace {
  tokens: string[];
  mention: PlaceMention;
}

/** "La Guajira" is also written "Guajira"; "El Paso" stays as it is (a town, not an article). */
function nameVariants(name: string, dropArticle: boolean): string[][] {
  const tokens = placeKey(name).split(' ');
  const variants = [tokens];
  if (dropArticle && (tokens[0] === 'la' || tokens[0] === 'el') && tokens.length > 1)
    variants.push(tokens.slice(1));
  return variants;
}

export interface CalendarNames {
  /** Every way a place of the calendar is written, as words. */
  named: NamedPlace[];
  /** Positions in `named` by first word, typos included. */
  firstWords: FirstWordIndex;
}

function collectNames(places: readonly KnownPlace[]): CalendarNames {
  const named: NamedPlace[] = [];
  const seen = new Set<string>();
  for (const place of places) {
    const municipalityKey = `m:${placeKey(place.municipio)}|${placeKey(place.departamento)}`;
    if (!seen.has(municipalityKey)) {
      seen.add(municipalityKey);
      for (const tokens of nameVariants(place.municipio, false)) {
        named.push({
          tokens,
          mention: {
            kind: 'municipio',
            municipio: place.municipio,
            departamento: place.departamento,
            text: place.municipio,
          },
        });
      }
    }
    const departmentKey = `d:${placeKey(place.departamento)}`;
    if (!seen.has(departmentKey)) {
      seen.add(departmentKey);
      for (const tokens of nameVariants(place.departamento, true)) {
        named.push({
          tokens,
          mention: {
            kind: 'departamento',
            departamento: place.departamento,
            text: place.departamento,
          },
        });
      }
    }
  }
  const firstWords = new FirstWordIndex();
  named.forEach((place, position) => {
    const first = place.tokens[0] ?? '';
    firstWords.add(position, first, allowedTypos(first.length) > 0);
  });
  return { named, firstWords };
}

// The calendar changes only when a new one is imported: its names are read once per version.
let cached: { key: string; names: CalendarNames } | undefined;

/** The names of the calendar's places, indexed by first word. */
export function calendarNames(places: readonly KnownPlace[]): CalendarNames {
  const key = places.map((place) => `${place.departamento}\t${place.municipio}`).join('\n');
  if (cached?.key !== key) cached = { key, names: collectNames(places) };
  return cached.names;
}
