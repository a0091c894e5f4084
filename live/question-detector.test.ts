import { isQuestion } from './question-detector';

describe('isQuestion', () => {
  it.each([
    '¿Cuándo pagan las regalías al municipio?',
    'cuando pagan las regalias al municipio',
    'Buenas tardes, como hago para sacar el titulo minero',
    'por que no han respondido mi derecho de peticion',
    'porque no han respondido la peticion de la vereda',
    'Donde se puede denunciar la mineria ilegal',
    'cuanto cuesta el canon superficiario',
    'quisiera saber si la mina de la vereda tiene licencia',
    'Me pueden explicar lo del amparo administrativo',
    'Tengo una duda sobre la consulta previa en el resguardo',
    'la mina del rio cauca es legal?',
    'cada cuanto fiscalizan las minas de carbon',
    'a quien le pido el formulario de barequeo',
    'hasta cuando hay plazo para la formalizacion',
    'De dónde salen las regalías del departamento',
  ])('when someone writes "%s", then it is a question', (message) => {
    expect(isQuestion(message)).toBe(true);
  });

  it.each([
    'Buenas tardes',
    'hola a todos desde Pitalito',
    'Gracias ANM',
    '¡Qué bien!',
    'que buena transmision',
    'Excelente presentación, felicitaciones',
    '👏👏👏',
    'que',
    'Saludos',
  ])('when someone writes "%s", then it is not a question', (message) => {
    expect(isQuestion(message)).toBe(false);
  });
});
