import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import type { KnowledgeEntry } from '../../knowledge/entry';
import { checkCompletion } from './completion-check';
import { groundingRules } from './grounded-prompt';

const entries = loadKnowledgeBase();
function entry(id: string): KnowledgeEntry {
  const found = entries.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
}
const given = [entry('que-es-canon-superficiario'), entry('cuando-se-paga-canon')];
const clearAnswer =
  'El canon es un pago al Estado por el área del título minero.\n\nSe paga antes de sacar minerales. Para saber cuánto pagar, pregunte por el pago del canon.';

function completion(answer: string, citations: string[]): string {
  return JSON.stringify({ answer, citations });
}

describe('checkCompletion', () => {
  it('when the answer is clear and cites an entry it was given, then it is accepted with that entry', () => {
    const checked = checkCompletion(completion(clearAnswer, ['que-es-canon-superficiario']), given);
    expect(checked).toEqual({
      ok: true,
      paragraphs: [
        'El canon es un pago al Estado por el área del título minero.',
        'Se paga antes de sacar minerales. Para saber cuánto pagar, pregunte por el pago del canon.',
      ],
      cited: [given[0]],
    });
  });

  it('when the JSON comes inside a Markdown code fence, then it is still read', () => {
    const fenced = '```json\n' + completion(clearAnswer, ['cuando-se-paga-canon']) + '\n```';
    expect(checkCompletion(fenced, given).ok).toBe(true);
  });

  it('when the completion is not the JSON asked for, then it is rejected as malformed', () => {
    expect(checkCompletion('El canon es un pago.', given)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(checkCompletion('{"answer": "El canon es un pago."}', given)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(checkCompletion('{"answer": 3, "citations": "x"}', given).ok).toBe(false);
  });

  it('when the model says the entries do not answer, then it is a decline', () => {
    expect(checkCompletion(completion('', []), given)).toEqual({ ok: false, reason: 'declined' });
  });

  it('when the answer cites nothing, then it is rejected', () => {
    expect(checkCompletion(completion(clearAnswer, []), given)).toEqual({
      ok: false,
      reason: 'no-valid-citation',
    });
  });

  it('when the answer cites an entry it was not given, then it is rejected', () => {
    expect(
      checkCompletion(
        completion(clearAnswer, ['que-es-canon-superficiario', 'que-es-barequeo']),
        given,
      ),
    ).toEqual({ ok: false, reason: 'unknown-citation' });
  });

  it('when the answer is hard to read, then it is rejected under INFLESZ 55', () => {
    const dense =
      'La contraprestación económica denominada canon superficiario constituye una obligación pecuniaria periódica correspondiente a la totalidad del área concesionada, exigible durante las etapas contractuales de exploración, construcción y montaje, independientemente de la explotación subsiguiente de minerales.';
    expect(checkCompletion(completion(dense, ['que-es-canon-superficiario']), given)).toEqual({
      ok: false,
      reason: 'hard-to-read',
    });
  });

  it('when the answer is longer than an entry may be, then it is rejected', () => {
    const long = Array.from({ length: 30 }, () => 'El canon se paga al Estado.').join(' ');
    expect(checkCompletion(completion(long, ['que-es-canon-superficiario']), given)).toEqual({
      ok: false,
      reason: 'too-long',
    });
  });

  it('when the answer recites the rules it was given, then it is rejected', () => {
    const leaked = groundingRules.split('\n').slice(1, 4).join(' ');
    expect(checkCompletion(completion(leaked, ['que-es-canon-superficiario']), given)).toEqual({
      ok: false,
      reason: 'reveals-instructions',
    });
  });

  it('when the answer has a link, e-mail or phone number no cited entry has, then it is rejected', () => {
    for (const detail of [
      'Pague en https://pagos-canon.example.com hoy.',
      'Escriba a tesoreria@example.com para pagar.',
      'Llame al 601 555 1234 para pagar.',
    ]) {
      expect(
        checkCompletion(
          completion(`El canon es un pago. ${detail}`, ['que-es-canon-superficiario']),
          given,
        ),
      ).toEqual({ ok: false, reason: 'unsupported-detail' });
    }
  });
});
