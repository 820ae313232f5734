/**
 * `msv-vijfpunts`: a short 5-point instrument written by the msv team. It exists so that mixed scales are
 * exercised end to end (vendors such as the Veiligheidsmonitor use 5-point items).
 */
import { type Instrument, item } from './schema.js';

const eens = {
  points: 5,
  labels: ['helemaal mee oneens', 'mee oneens', 'neutraal', 'mee eens', 'helemaal mee eens'],
};
const vaak = {
  points: 5,
  labels: [
    'nooit',
    'een of twee keer',
    'een paar keer per maand',
    'ongeveer een keer per week',
    'meerdere keren per week',
  ],
};

export const msvVijfpunts: Instrument = {
  id: 'msv-vijfpunts',
  name: 'MSV Vijfpuntsschaal',
  publisher: 'msv',
  items: [
    item('veilig_school', 'Ik voel me veilig op school.', 'veiligheidsbeleving', eens),
    item('veilig_klas', 'Ik voel me veilig in de klas.', 'veiligheidsbeleving', eens),
    item('bang', 'Ik ben bang voor andere leerlingen op school.', 'veiligheidsbeleving', eens, {
      reversed: true,
    }),
    item('gepest', 'Hoe vaak ben je dit schooljaar op school gepest?', 'aantasting', vaak, {
      reversed: true,
      bullying: true,
      notApplicable: ['nvt'],
    }),
    item('online_gepest', 'Hoe vaak ben je dit schooljaar online gepest?', 'aantasting', vaak, {
      reversed: true,
      bullying: true,
      notApplicable: ['nvt'],
    }),
    item('geweld', 'Hoe vaak is er dit schooljaar op school geweld tegen je gebruikt?', 'aantasting', vaak, {
      reversed: true,
    }),
    item('plezier', 'Ik ga met plezier naar school.', 'welbevinden', eens),
    item('thuis', 'Ik voel me thuis op deze school.', 'welbevinden', eens),
  ],
};
