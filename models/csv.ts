/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields in double quotes may
 * hold commas, line breaks and doubled quotes. Returns the records with the line each starts on.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const source = text.replace(/^\uFEFF/, '');
  for (let index = 0; index < source.length; index++) {
    const character = source.charAt(index);
    if (quoted) {
      if (character === '"' && source.charAt(index + 1) === '"') {
        field += '"';
        index++;
      } else if (character === '"') {
        quoted = false;
      } else {
        if (character === '\n') line++;
        field += character;
      }
      continue;
    }
    if (character === '"' && field === '') quoted = true;
    else if (character === ',') {
      fields.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && source.charAt(index + 1) === '\n') index++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += character;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}
