import type { Topic } from './entry';

/** The knowledge base's topics as the reports name them (Spanish, for staff and the public). */
export const topicLabels: Readonly<Record<Topic, string>> = {
  anm: 'La ANM y sus funciones',
  'titulo-minero': 'Títulos mineros',
  'contrato-concesion': 'Contrato de concesión',
  'anna-mineria': 'AnnA Minería (trámites en línea)',
  regalias: 'Regalías',
  'canon-superficiario': 'Canon superficiario',
  'barequeo-subsistencia': 'Barequeo y minería de subsistencia',
  formalizacion: 'Formalización minera',
  'seguridad-salvamento': 'Seguridad y salvamento minero',
  fiscalizacion: 'Fiscalización',
  'mineria-ilegal': 'Minería ilegal',
  'licencia-ambiental': 'Licencia ambiental',
  'consulta-previa': 'Consulta previa',
  'areas-excluidas': 'Zonas excluidas de la minería',
  'amparo-administrativo': 'Amparo administrativo',
  'audiencias-terceros': 'Audiencias y participación de terceros',
  'rendicion-cuentas': 'Rendición de cuentas',
  pqrsd: 'Peticiones, quejas y reclamos (PQRSD)',
  'grupos-interes': 'Grupos de interés',
  'datos-personales': 'Datos personales',
  'este-bot': 'Este asistente virtual',
};
