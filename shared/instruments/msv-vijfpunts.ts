/**
 * `msv-vijfpunts`: a short 5-point instrument written by the msv team. It exists so that mixed scales are
 * exercised end to end (vendors such as the Veiligheidsmonitor use 5-point items).
 */
import type { Instrument } from './schema.js';

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
    {
      code: 'veilig_school',
      text: 'Ik voel me veilig op school.',
      domain: 'veiligheidsbeleving',
      scale: eens,
      reversed: false,
      inAverage: true,
      notApplicable: [],
      bullying: false,
    },
    {
      code: 'veilig_klas',
      text: 'Ik voel me veilig in de klas.',
      domain: 'veiligheidsbeleving',
      scale: eens,
      reversed: false,
      inAverage: true,
      notApplicable: [],
      bullying: false,
    },
    {
      code: 'bang',
      text: 'Ik ben bang voor andere leerlingen op school.',
      domain: 'veiligheidsbeleving',
      scale: eens,
      reversed: true,
      inAverage: true,
      notApplicable: [],
      bullying: false,
    },
    {
      code: 'gepest',
      text: 'Hoe vaak ben je dit schooljaar op school gepest?',
      domain: 'aantasting',
      scale: vaak,
      reversed: true,
      inAverage: true,
      notApplicable: ['nvt'],
      bullying: true,
    },
    {
      code: 'online_gepest',
      text: 'Hoe vaak ben je dit schooljaar online gepest?',
      domain: 'aantasting',
      scale: vaak,
      reversed: true,
      inAverage: true,
      notApplicable: ['nvt'],
      bullying: true,
    },
    {
      code: 'geweld',
      text: 'Hoe vaak is er dit schooljaar op school geweld tegen je gebruikt?',
      domain: 'aantasting',
      scale: vaak,
      reversed: true,
      inAverage: true,
      notApplicable: [],
      bullying: false,
    },
    {
      code: 'plezier',
      text: 'Ik ga met plezier naar school.',
      domain: 'welbevinden',
      scale: eens,
      reversed: false,
      inAverage: true,
      notApplicable: [],
      bullying: false,
    },
    {
      code: 'thuis',
      text: 'Ik voel me thuis op deze school.',
      domain: 'welbevinden',
      scale: eens,
      reversed: false,
      inAverage: true,
      notApplicable: [],
      bullying: false,
    },
  ],
};
