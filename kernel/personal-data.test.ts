import { scrubPersonalData } from './personal-data';

/** [what the citizen wrote, what the public record keeps] */
const masked: [string, string][] = [
  // Names after a cue
  [
    'Me llamo Pedro Pérez y quiero saber cuándo pagan las regalías',
    'Me llamo [nombre] y quiero saber cuándo pagan las regalías',
  ],
  ['me llamo pedro perez necesito saber', 'me llamo [nombre] necesito saber'],
  [
    'Hola, soy María, vivo en San Juan del Cesar y tengo una duda',
    'Hola, soy [nombre], vivo en San Juan del Cesar y tengo una duda',
  ],
  [
    'Buenos días, soy Ana Lucía Torres, de la vereda Piedra Gorda',
    'Buenos días, soy [nombre], de la vereda [lugar]',
  ],
  [
    'Mi nombre es Juan Carlos Rodríguez y vivo en Marmato',
    'Mi nombre es [nombre] y vivo en Marmato',
  ],
  ['mi nombre es María de los Ángeles Ruiz', 'mi nombre es [nombre]'],
  ['Mi nombre Ana Torres, gracias', 'Mi nombre [nombre], gracias'],
  ['Nombre: Luis Fernando Díaz', 'Nombre: [nombre]'],
  ['¿Cuándo responden? Atentamente, Juan Gómez', '¿Cuándo responden? Atentamente, [nombre]'],
  ['Quedo atento.\nAtentamente,\nJuan Gómez', 'Quedo atento.\nAtentamente,\n[nombre]'],
  ['Gracias. Cordialmente Rosa Elena Quintero', 'Gracias. Cordialmente [nombre]'],
  ['Saludos cordiales, Ana', 'Saludos cordiales, [nombre]'],
  ['Gracias, Ana María', 'Gracias, [nombre]'],
  ['Les escribe Carlos Arturo Mejía, minero', 'Les escribe [nombre], minero'],
  ['Señora Ana, le pregunto por el canon', 'Señora [nombre], le pregunto por el canon'],
  ['el señor Pedro Gómez no ha pagado', 'el señor [nombre] no ha pagado'],
  // Identity numbers of any length
  [
    'Mi nombre es Juan Rodríguez, cédula 1.098.765.432, teléfono 310 555 1234',
    'Mi nombre es [nombre], cédula [número], teléfono [número]',
  ],
  ['mi cédula 12345 no aparece', 'mi cédula [número] no aparece'],
  ['CC 1.234 de Samacá', 'CC [número] de Samacá'],
  ['C.C. 79123456', 'C.C. [número]'],
  [
    'cédula de ciudadanía No. 79.123 expedida en Bogotá',
    'cédula de ciudadanía No. [número] expedida en Bogotá',
  ],
  ['NIT 900.123.456-7 de la empresa', 'NIT [número] de la empresa'],
  ['TI 1234 de mi hijo', 'TI [número] de mi hijo'],
  ['pasaporte 4455 extranjero', 'pasaporte [número] extranjero'],
  ['con documento 10203 me registré', 'con documento [número] me registré'],
  ['CC1023456789', 'CC[número]'],
  // Phones and e-mails
  ['celular +57 310 555 1234', 'celular [número]'],
  ['llámenme al 3105551234', 'llámenme al [número]'],
  ['tel. 555 12 34', 'tel. [número]'],
  ['mi WhatsApp es 310-555-1234', 'mi WhatsApp es [número]'],
  ['fijo (601) 220 1999', 'fijo ([número]'],
  ['tel:3105551234', 'tel:[número]'],
  ['escríbame a pedro.perez@example.com o al 3001234567', 'escríbame a [correo] o al [número]'],
  // Addresses and places
  ['vivo en la calle 10 # 5-23 del barrio El Prado', 'vivo en la [dirección] del barrio [lugar]'],
  ['Mi dirección es Carrera 7 No. 12-34 apto 301, Bogotá', 'Mi dirección es [dirección], Bogotá'],
  ['Cl. 26 # 59-51 Bogotá', '[dirección] Bogotá'],
  ['Kr 45 A # 26-10 sur', '[dirección]'],
  ['cra 5 #3-2 casa 4', '[dirección]'],
  ['Manzana B casa 4 barrio Villa del Rosario', '[dirección] barrio [lugar]'],
  [
    'la mina está en la vereda El Salitre de Samacá, finca La Esperanza',
    'la mina está en la vereda [lugar] de Samacá, finca [lugar]',
  ],
  ['en el barrio San Martín, cerca del río', 'en el barrio [lugar], cerca del río'],
  ['en la Vereda Alto del Oso', 'en la Vereda [lugar]'],
];

const kept: string[] = [
  'según la ley 1755 de 2015, artículo 14, y el decreto 1073 de 2015',
  'el artículo 14 de la Ley 685 de 2001 (Código de Minas)',
  'Resolución 40925 de 2024 del Ministerio',
  'los artículos 14 15 16 de la ley',
  'en los años 2015 2016 2017',
  'radiqué el 15/03/2024 y me respondieron el 2024-03-15',
  'el 15 de marzo de 2024 a las 10:30',
  'mi código es ANM-7K2D-9PQR y el otro ANM-1234-5678',
  '¿Qué pasa en San Juan de Rioseco con la minería?',
  'Soy de San Juan de Rioseco',
  'soy minero de Marmato',
  'Soy Titular del contrato HCG-081',
  'La mina La Esperanza de Samacá produjo 5 toneladas',
  'me llamó la atención que en San Juan no hay respuesta',
  'mi nombre no aparece en la lista de barequeros',
  'Cordial saludo. Mi pregunta es sobre Santa Rosa de Osos',
  'pagan $ 1.500.000 de canon',
  'en la calle me dijeron que la vereda no tiene título',
  'Sr. Alcalde de Marmato, ¿cuándo es la audiencia?',
  'Saludos Cordiales',
  'gracias ANM',
];

describe('scrubPersonalData on question texts', () => {
  it.each(masked)('when a citizen writes %j, then the record keeps %j', (text, expected) => {
    expect(scrubPersonalData(text)).toBe(expected);
  });

  it.each(kept)('when a citizen writes %j, then nothing is masked', (text) => {
    expect(scrubPersonalData(text)).toBe(text);
  });

  it('when the citizen gave their name in the flow, then every word of it is masked in the text too', () => {
    expect(
      scrubPersonalData('Pedro pregunta: ¿por qué Pérez no recibe respuesta?', {
        knownNames: ['Pedro Pérez'],
      }),
    ).toBe('[nombre] pregunta: ¿por qué [nombre] no recibe respuesta?');
  });

  it('when a text is made of a megabyte of cue words and digits, then it is scrubbed without error', () => {
    const adversarial =
      'me llamo '.repeat(40_000) + 'calle 1 #'.repeat(40_000) + '9 '.repeat(200_000);
    const scrubbed = scrubPersonalData(adversarial);
    expect(scrubbed).not.toMatch(/\d{6}/);
    expect(scrubbed.length).toBeLessThanOrEqual(adversarial.length);
  });
});
