import { isEmergencyReport } from './emergency';

describe('recognising an emergency report', () => {
  it.each([
    'se derrumbó la mina',
    'Se derrumbo el socavón, hay mineros adentro',
    'DERRUMBE EN LA MINA AYUDA',
    'hubo un colapso en el tunel y no sabemos nada de los trabajadores',
    'hay dos compañeros atrapados en la bocamina',
    'mi esposo quedó atrapado',
    'quedaron enterrados tres mineros',
    'estan sepultados en la mina de la vereda',
    'explotó la mina de carbón',
    'una explosion en el frente de trabajo',
    'explocion en la mina, vengan',
    'se incendió la mina',
    'hay fuego en el socavón',
    'sale humo de la bocamina y hay gente adentro',
    'hay olor a gas en la mina y los muchachos se están mareando',
    'fuga de gas metano en el tunel',
    'un compañero se desmayó por los gases',
    'se inundó la mina con los trabajadores adentro',
    'se metio el agua al socabon',
    'hay un minero herido',
    'un señor se cayó por el pique',
    'accidente en la mina ahora mismo',
    'acsidente minero urgente',
    'hay un muerto en la mina',
    'murió un minero y otros siguen adentro',
    'un trabajador inconsciente en la galería',
    'se vino la montaña encima de la mina',
    'socorro la mina se esta cayendo',
    'auxilio gente encerrada dentro de la mina',
    'me amenazaron de muerte los de la mina, ayuda',
    'nos quieren matar por denunciar la mina',
    'ayudaaaa se derrumbooo',
    'URGENTEEE hay heridos en la mina de oro',
    'se cayó el techo del socavón y hay dos mineros adentro',
    'se cayó el sistema de soporte del socavón',
    'se murió un minero en el socavón, los otros siguen adentro',
    'mi hermano murió aplastado en la mina del titular, auxilio',
  ])('when a citizen writes "%s", then it is an emergency', (text) => {
    expect(isEmergencyReport(text)).toBe(true);
  });

  it.each([
    'que es el salvamento minero',
    'como prevenir derrumbes en una mina',
    'que normas de seguridad hay para el gas metano en minas de carbon',
    'que hacer en caso de una explosion en la mina',
    'cuantos accidentes mineros hubo este año',
    'si hay un accidente en la mina a quien se le reporta',
    'que hacen cuando hay un accidente en una mina de oro en Segovia',
    'Buenas tardes que hacen cuando hay un accidente en una mina de oro en Marmato por favor',
    'si hay un derrumbe en la mina a quien llamo por favor',
    'hace dos años murió mi papá en una mina, quién vigila la seguridad ahora',
    'que es la etapa de explotación',
    'cuanto dura la explotacion de una mina',
    'quiero explotar oro en mi finca',
    'que es el decreto 1886 de 2015',
    'la minería ilegal es una amenaza para el río',
    'necesito ayuda con mi título minero',
    'ayuda por favor como radico una pqrsd',
    'que es el canon superficiario',
    'la mina contamina el agua del rio que hago',
    'hola buenas tardes',
    'quien paga las regalias',
    'cuales son los requisitos de seguridad de una mina subterránea',
    'las estaciones de salvamento minero donde quedan',
    'hay audiencia en tocancipa',
    'el minero tiene que tener elementos de proteccion',
    'mi abuelo tenia un titulo minero y se murio, ahora que pasa con el titulo, lo heredamos nosotros?',
    'mi papá era el titular de la mina y se murió el mes pasado, ¿qué pasa con el título?',
    'mi mamá era titular y murió, necesito saber si el título de ella todavía está vigente',
    'ANNA MINERIA SE CAYO O Q',
    'la página de la ANM se cayó y no puedo radicar en la mina de datos',
  ])('when a citizen writes "%s", then it is not an emergency', (text) => {
    expect(isEmergencyReport(text)).toBe(false);
  });

  it('when the message is a megabyte long, then only its first words are read', () => {
    const flood = `${'hola '.repeat(200_000)}derrumbe en la mina`;
    expect(isEmergencyReport(flood)).toBe(false);
    expect(isEmergencyReport(`derrumbe en la mina ${'hola '.repeat(200_000)}`)).toBe(true);
  });
});
