/** Lower case, accents removed (ñ → n too: people often type "n" for "ñ"). */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '');
}

function isKept(char: string, keepHyphens: boolean): boolean {
  return (
    (char >= 'a' && char <= 'z') || (char >= '0' && char <= '9') || (keepHyphens && char === '-')
  );
}

/**
 * Folded, every run of other characters (punctuation, emoji, spaces) made one space, trimmed:
 * the form in which typed commands, replies and titles are compared. One pass, no pattern.
 */
export function simplifyText(text: string, options: { keepHyphens?: boolean } = {}): string {
  const keepHyphens = options.keepHyphens ?? false;
  let simplified = '';
  let pendingSpace = false;
  for (const char of foldText(text)) {
    if (!isKept(char, keepHyphens)) {
      pendingSpace = simplified !== '';
      continue;
    }
    if (pendingSpace) simplified += ' ';
    pendingSpace = false;
    simplified += char;
  }
  return simplified;
}
