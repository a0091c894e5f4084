import { smallTalkIntent, withoutLeadingGreeting } from './small-talk';

describe('smallTalkIntent', () => {
  it.each([
    ['Hola', 'greeting'],
    ['buenas tardes!!', 'greeting'],
    ['Buenos días, ¿cómo está?', 'greeting'],
    ['sigo aquí', 'greeting'],
    ['¿Hay alguien ahí?', 'greeting'],
    ['muchas gracias', 'thanks'],
    ['Gracias por la información', 'thanks'],
    ['muchas gracias por la informacion que dios le pague', 'thanks'],
    ['gracias doctora, Dios la bendiga', 'thanks'],
    ['ayuda', 'help'],
    ['¿Qué puedes hacer?', 'help'],
    ['menú', 'help'],
    ['quiero hablar con una persona', 'human'],
    ['me puede comunicar con un asesor', 'human'],
    ['chao', 'goodbye'],
    ['Adiós', 'goodbye'],
  ])('when a citizen writes "%s", then it is %s', (text, intent) => {
    expect(smallTalkIntent(text)).toBe(intent);
  });

  it.each([
    'hola que es el canon superficiario',
    'gracias pero como saco un titulo',
    'como funciona la regalias',
    'como me comunico con ustedes nesecito hablar con alguien de la agencia',
    'hay algun numero de telefono o whatsapp para hablar con una persona de la anm',
    '¿Dónde puedo hablar con un funcionario?',
  ])('when "%s" also asks something, then it is not small talk', (text) => {
    expect(smallTalkIntent(text)).toBeUndefined();
  });
});

describe('withoutLeadingGreeting', () => {
  it('when a question starts with a greeting, then the greeting is removed', () => {
    expect(withoutLeadingGreeting('Hola, buenas: ¿qué es la ANM?')).toBe('¿qué es la ANM?');
    expect(withoutLeadingGreeting('Buenos días, ¿qué es la ANM?')).toBe('¿qué es la ANM?');
  });

  it('when a message only starts like a greeting word, then it is unchanged', () => {
    expect(withoutLeadingGreeting('Holanda tiene minas?')).toBe('Holanda tiene minas?');
  });
});
