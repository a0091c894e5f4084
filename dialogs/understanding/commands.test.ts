import { parseCommand } from './commands';

describe('parseCommand', () => {
  it.each([
    ['mis preguntas', { kind: 'my-questions' }],
    ['Ver mis preguntas', { kind: 'my-questions' }],
    ['estado ANM-7K3M-Q9XD', { kind: 'status', codeText: 'ANM-7k3m-q9xd' }],
    ['como va la pregunta anm 7k3m q9xd?', { kind: 'status', codeText: 'ANM-7k3m-q9xd' }],
    ['ANM-7K3M-Q9XD', { kind: 'status', codeText: 'ANM-7k3m-q9xd' }],
    ['retirar mi pregunta ANM-7K3M-Q9XD', { kind: 'withdraw', codeText: 'ANM-7k3m-q9xd' }],
    ['quiero retirar mi pregunta', { kind: 'withdraw', codeText: undefined }],
    ['borrar mis datos', { kind: 'erase-data' }],
    ['Quiero que eliminen mis datos personales', { kind: 'erase-data' }],
    ['revocar autorización', { kind: 'erase-data' }],
    ['Solicito la supresión de mis datos', { kind: 'erase-data' }],
    [
      'Me permito solicitar la supresión de toda la información que este canal haya almacenado sobre mí.',
      { kind: 'erase-data' },
    ],
    ['borren la información que tienen de mi persona', { kind: 'erase-data' }],
    ['quiero que eliminen mi información personal', { kind: 'erase-data' }],
    ['Registrar pregunta', { kind: 'register' }],
    ['quiero registrar una pregunta', { kind: 'register' }],
    ['recibir respuesta ANM-7K3M-Q9XD', { kind: 'subscribe', codeText: 'ANM-7k3m-q9xd' }],
    [
      'Quiero recibir la respuesta de la ANM 7K3M Q9XD aquí',
      { kind: 'subscribe', codeText: 'ANM-7k3m-q9xd' },
    ],
    ['avísenme cuando respondan ANM-7K3M-Q9XD', { kind: 'subscribe', codeText: 'ANM-7k3m-q9xd' }],
    ['recibir respuesta', { kind: 'subscribe', codeText: undefined }],
  ])('when a citizen writes "%s", then the command is %o', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    '¿cómo hago una petición a la ANM?',
    'que es el estado de un titulo minero',
    '¿qué pasa con mis datos personales?',
    'como cancelo el contrato de concesion',
    '¿cuándo voy a recibir respuesta de mi derecho de petición?',
    'como quito la multa que pusieron sobre mi titulo',
    '¿la supresión de datos de un expediente minero la hace la ANM?',
  ])('when "%s" is a question, then it is no command', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });
});
