import { placeKey } from '../../models/place-names';
import { allowedTypos, editDistance } from '../../knowledge/retrieval/typo-tolerance';

export interface KnownPlace {
  departamento: string;
  municipio: string;
}

export type PlaceMention =
  | { kind: 'municipio'; municipio: string; departamento: string; text: string }
  | { kind: 'departamento'; departamento: string; text: string };

interface NamedPlace {
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

/** A whole name matches the words at a position, allowing typos in longer words (Pitalto). */
function matchesAt(words: string[], start: number, name: string[]): boolean {
  if (start + name.length > words.length) return false;
  return name.every((token, offset) => {
    const word = words[start + offset] ?? '';
    return (
      word === token ||
      editDistance(word, token, allowedTypos(token.length)) <= allowedTypos(token.length)
    );
  });
}

/**
 * The municipality or department of the calendar that a question names ("¿cuándo es la audiencia
 * en Pitalito?", "hay audiencias en el huila"). Only names the imported calendar knows are
 * recognised. Longer names win over shorter ones they contain, exact spellings over typos, and a
 * municipality over a department of the same name.
 */
export function findPlaceMention(question: string, places: KnownPlace[]): PlaceMention | undefined {
  const words = placeKey(question).split(' ');
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
  let best: { place: NamedPlace; exact: boolean } | undefined;
  for (let start = 0; start < words.length; start++) {
    for (const place of named) {
      if (!matchesAt(words, start, place.tokens)) continue;
      const exact = place.tokens.every((token, offset) => words[start + offset] === token);
      const better =
        !best ||
        place.tokens.length > best.place.tokens.length ||
        (place.tokens.length === best.place.tokens.length && exact && !best.exact) ||
        (place.tokens.length === best.place.tokens.length &&
          exact === best.exact &&
          place.mention.kind === 'municipio' &&
          best.place.mention.kind === 'departamento');
      if (better) best = { place, exact };
    }
  }
  return best?.place.mention;
}

/** Whether a question is about the hearings at all: only then are place names looked for. */
export function asksAboutHearings(question: string): boolean {
  return /\baudienc/.test(placeKey(question));
}

/** The words after "en" at the end of a question, to say which place has no hearing. */
export function placeWords(question: string): string | undefined {
  const match = /\b(?:en|de)\s+(?:el\s+|la\s+|los\s+)?([a-z ]{3,40}?)\s*$/.exec(placeKey(question));
  const words = match?.[1]?.trim();
  return words && !/audienc|terceros|mineria|municipio|departamento/.test(words)
    ? words
    : undefined;
}
