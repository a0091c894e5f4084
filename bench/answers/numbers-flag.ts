/** Command-line flags of the answer benchmarks that take JSON: options and thresholds to try. */

type Numbers = Record<string, number>;

function isNumbers(value: unknown, names: readonly string[]): value is Numbers {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(
      ([name, number]) => names.includes(name) && typeof number === 'number',
    )
  );
}

function parsed(flag: string): { given: boolean; value: unknown } {
  const at = process.argv.indexOf(flag);
  if (at === -1) return { given: false, value: undefined };
  try {
    return { given: true, value: JSON.parse(process.argv[at + 1] ?? '') };
  } catch {
    return { given: true, value: undefined };
  }
}

/** `--flag '{"none":0.4}'`: numbers each named among `names`; exits with a usage line if not. */
export function numbersFlag(flag: string, names: readonly string[]): Numbers | undefined {
  const { given, value } = parsed(flag);
  if (!given) return undefined;
  if (isNumbers(value, names)) return value;
  console.error(`${flag} needs a JSON object of numbers, with names among: ${names.join(', ')}`);
  process.exit(2);
}

/** `--flag '[{"none":0.4},{"lead":0.15}]'`: a list of such objects. */
export function numbersListFlag(flag: string, names: readonly string[]): Numbers[] {
  const { given, value } = parsed(flag);
  if (!given) return [];
  if (Array.isArray(value) && value.every((item) => isNumbers(item, names))) return value;
  console.error(
    `${flag} needs a JSON list of objects of numbers, with names among: ${names.join(', ')}`,
  );
  process.exit(2);
}
