/**
 * Every error code the API can return, in plain Dutch with what to do. The API's own `messageNl` wins when it
 * sends one (it knows the dates and numbers); this map covers the codes that come without one.
 */
import type { ApiError } from './api.js';

const NL: Record<string, string> = {
  // Sign-in and access
  unauthorized: 'U bent niet (meer) ingelogd. Log opnieuw in.',
  http_401: 'U bent niet (meer) ingelogd. Log opnieuw in.',
  http_403: 'Uw inlog wordt niet (meer) geaccepteerd. Log opnieuw in.',
  forbidden: 'U heeft geen toegang tot deze school of dit bestuur.',
  sign_in_refused: 'Het inloggen is niet gelukt: de inlogdienst heeft het afgebroken of geweigerd.',
  sign_in_state_mismatch:
    'Het inloggen is niet gelukt: het antwoord van de inlogdienst hoort niet bij dit venster. Log opnieuw in.',
  sign_in_failed:
    'Het inloggen is niet afgerond: de inlogdienst gaf een onverwacht antwoord. Log opnieuw in.',
  sign_in_expired: 'Uw sessie is verlopen. Log opnieuw in.',
  session_refused: 'Uw sessie is verlopen of niet meer geldig. Log opnieuw in.',
  school_not_found: 'Deze school is (nog) niet aangemeld bij de dienst. Neem contact op met de beheerder.',
  not_found: 'Dit onderdeel bestaat niet.',
  http_404: 'Deze pagina of dit onderdeel bestaat niet.',
  invalid_school_id: 'Het schoolnummer klopt niet: gebruik een BRIN zoals 22KC of 22KC00.',
  invalid_school_year: 'Het schooljaar klopt niet: gebruik de vorm 2025-2026.',
  invalid_board_id: 'Het bestuursnummer klopt niet: gebruik vijf cijfers, zoals 41234.',
  // Upload
  missing_instrument: 'Kies de vragenlijst (het instrument) waarmee de enquête is afgenomen.',
  unknown_instrument: 'Deze vragenlijst kent de dienst niet. Kies een vragenlijst uit de lijst.',
  invalid_sheet: 'De naam van het werkblad klopt niet: een werkblad heeft een naam van 1 tot 31 tekens.',
  invalid_format:
    'Kies het soort bestand: antwoorden per leerling, of totalen van de leverancier (die horen bij één school).',
  payload_too_large:
    'Het bestand is te groot (meer dan 5 MB). Splits het niet, maar neem contact op met de beheerder.',
  http_413: 'Het bestand is te groot om te versturen.',
  unsupported_media_type:
    'Dit soort bestand wordt niet geaccepteerd. Upload een CSV-bestand of een Excel-werkmap (.xlsx).',
  invalid_export:
    'Het bestand bevat fouten. Er is niets opgeslagen. Verbeter de regels hieronder en upload opnieuw.',
  // Rows of an export (the table of a 422)
  empty_file: 'Het bestand is leeg.',
  binary_content:
    'Dit is geen CSV-bestand of Excel-werkmap (.xlsx), maar bijvoorbeeld een pdf of afbeelding.',
  undecodable: 'De tekens in het bestand zijn niet te lezen. Sla het op als CSV (UTF-8).',
  unterminated_quote: 'Een aanhalingsteken wordt niet afgesloten.',
  missing_column: 'Deze kolom ontbreekt.',
  unknown_column: 'Deze kolom is onbekend; haal hem weg.',
  duplicate_column: 'Deze kolom staat er twee keer in.',
  field_count: 'Deze regel heeft een ander aantal velden dan de kopregel.',
  missing_respondent: 'Het respondentnummer ontbreekt.',
  duplicate_respondent: 'Dit respondentnummer komt vaker voor.',
  invalid_leerjaar: 'Het leerjaar of de groep is ongeldig.',
  unknown_onderwijssoort: 'Deze onderwijssoort is onbekend.',
  onderwijssoort_not_offered: 'Deze onderwijssoort biedt de school niet aan.',
  out_of_scale: 'Dit antwoord valt buiten de antwoordschaal van de vraag.',
  too_many_rows: 'Het bestand heeft te veel regels.',
  unsupported_workbook:
    'Dit bestand kunnen we niet lezen: een oude Excel-werkmap (.xls), een werkmap met wachtwoord of een ander soort bestand. Sla het op als Excel-werkmap (.xlsx) zonder wachtwoord, of als CSV.',
  workbook_unreadable:
    'De Excel-werkmap is beschadigd of onleesbaar. Open hem in Excel en sla hem opnieuw op.',
  workbook_too_large:
    'De Excel-werkmap is te groot om te lezen. Verwijder lege of overbodige cellen, of splits het bestand.',
  sheet_not_found: 'De werkmap heeft geen werkblad met deze naam.',
  several_sheets:
    'De werkmap heeft gegevens op meer dan één werkblad. Verwijder de andere werkbladen, of kies het werkblad met de antwoorden.',
  merged_cells: 'Deze cellen zijn samengevoegd. Hef het samenvoegen op en geef elke cel een eigen waarde.',
  formula_cell:
    'Deze cel bevat een formule. Plak de waarden in plaats van de formules (Plakken speciaal → Waarden).',
  date_cell:
    'Deze cel bevat een datum waar een getal of tekst hoort. Geef de kolom de opmaak Standaard of Tekst en typ de waarde opnieuw.',
  unsupported_cell: 'Deze cel bevat WAAR/ONWAAR of een foutwaarde (zoals #N/B) in plaats van een antwoord.',
  missing_school: 'Deze regel noemt geen school (BRIN en vestiging).',
  invalid_school:
    'Dit is geen schoolcode: gebruik het BRIN-nummer met vestiging, zoals 22KC00 (of alleen het BRIN-nummer, zoals 22KC).',
  too_many_schools: 'Het bestand bevat te veel scholen: verdeel het over meer bestanden.',
  // Rows of an aggregated export (a vendor's totals instead of respondent rows)
  unknown_level: 'Het niveau is onbekend: gebruik school, onderwijssoort, leerjaar of group.',
  missing_value: 'Deze cel is leeg, maar moet voor dit soort regel een waarde hebben.',
  unexpected_value: 'Deze cel moet voor dit soort regel leeg zijn.',
  unknown_item: 'Deze vraag hoort niet bij de gekozen vragenlijst.',
  invalid_number:
    'Dit is geen geldig getal: gebruik hele getallen voor aantallen, en een komma of punt voor decimalen (zonder scheidingstekens voor duizendtallen).',
  duplicate_row: 'Deze regel komt vaker voor: elk gegeven mag één keer in het bestand staan.',
  missing_groups:
    'Het bestand noemt geen groepen (onderwijssoort × leerjaar) met hun aantal respondenten; die zijn nodig voor de representativiteit.',
  level_without_groups:
    'Voor deze onderwijssoort of dit leerjaar staat er geen groep in het bestand. Voeg de groepen toe of haal de regels weg.',
  inconsistent_respondents:
    'Dit aantal respondenten is niet gelijk aan de optelsom van de groepen. Controleer de aantallen.',
  missing_item: 'De cijfers voor een vraag ontbreken op dit niveau.',
  n_exceeds_respondents: 'Bij deze vraag zijn meer antwoorden geteld dan er respondenten zijn.',
  mean_out_of_scale: 'Dit gemiddelde valt buiten de antwoordschaal van de vraag.',
  missing_mean: 'Het gemiddelde ontbreekt, terwijl er genoeg antwoorden zijn om het te tonen.',
  not_a_bullying_item: 'Een verdeling per antwoord is alleen nodig (en toegestaan) bij vragen over pesten.',
  invalid_option: 'Dit antwoord hoort niet bij de antwoordschaal van de vraag.',
  mixed_distribution:
    'Gebruik voor één vraag op één niveau óf aantallen óf percentages, niet allebei door elkaar.',
  distribution_mismatch:
    'De verdeling over de antwoorden klopt niet met het aantal antwoorden of met het gemiddelde.',
  missing_distribution: 'Bij deze vraag over pesten ontbreekt de verdeling over de antwoorden.',
  inconsistent_levels:
    'De cijfers van de hele school passen niet bij die van de onderwijssoorten of leerjaren: de aantallen antwoorden, de gemiddelden of de verdelingen tellen niet op tot die van de school.',
  // Report and delivery
  invalid_level: 'Kies het niveau "hele school" of "per onderwijssoort".',
  no_export: 'Er is voor dit schooljaar nog geen goedgekeurde enquête-export; upload die eerst.',
  not_delivered: 'Voor dit schooljaar is nog niets geleverd.',
  // Consent
  invalid_json: 'Het verzoek kon niet worden gelezen. Vernieuw de pagina en probeer het opnieuw.',
  invalid_request: 'Niet alle velden zijn goed ingevuld; zie de meldingen bij de velden.',
  leerjaar_out_of_range: 'Dit leerjaar of deze groep bestaat niet in de sector van deze school.',
  period_outside_school_year:
    'De afnameperiode moet binnen het schooljaar liggen (1 augustus tot en met 31 juli).',
  period_after_delivery_date: 'De afname moet uiterlijk op de leverdatum zijn afgerond.',
  invalid_delivery_date: 'Vul een geldige leverdatum in.',
  delivery_date_too_early: 'De leverdatum moet op zijn vroegst morgen zijn.',
  delivery_date_too_late: 'De leverdatum kan uiterlijk 1 juli zijn.',
  level_not_available:
    'Het niveau "per onderwijssoort" is voor deze school of export niet mogelijk; kies "hele school".',
  school_year_not_started: 'Dit schooljaar is nog niet begonnen; toestemming kan vanaf 1 augustus.',
  deadline_passed:
    'De uiterste leverdatum (1 juli) is verstreken. Lever rechtstreeks aan bij de Inspectie met het rapport (PDF).',
  board_consent_required:
    'Een school geeft toestemming alleen met toestemming van het bevoegd gezag: bevestig dat bij het opslaan.',
  small_school_confirmation_required:
    'De school heeft minder respondenten dan nodig voor scores: er worden geen scores geleverd. Bevestig dat dit geleverd mag worden.',
  delivers_elsewhere:
    'Deze school levert dit schooljaar via een andere aanbieder. Verwijder dat eerst om in msv toestemming te geven.',
  consent_active:
    'Er is een actieve toestemming voor dit schooljaar: trek die eerst in, anders levert msv ook.',
  consent_locked: 'De levering is begonnen; de toestemming kan niet meer worden gewijzigd of ingetrokken.',
  already_delivered: 'De gegevens zijn al geleverd; de toestemming kan niet meer worden gewijzigd.',
  no_consent: 'Er is geen actieve toestemming.',
  version_conflict:
    'Iemand anders heeft de toestemming net gewijzigd. Vernieuw de pagina en probeer het opnieuw.',
  delivery_not_due: 'De leverdatum is nog niet aangebroken.',
  // People of a board
  board_not_found: 'Dit bestuur is niet bij msv bekend.',
  invalid_sub: 'Deze persoon is onbekend.',
  invalid_invitation_id: 'Deze uitnodiging is onbekend.',
  own_membership: 'U kunt uw eigen rol niet wijzigen; vraag een andere gebruikersbeheerder.',
  already_member: 'Deze persoon heeft daar al een rol; wijzig die rol.',
  already_invited: 'Deze persoon is daar al uitgenodigd.',
  unknown_school: 'Deze school hoort niet bij dit bestuur.',
  person_not_found: 'Deze persoon heeft geen rol bij dit bestuur.',
  last_administrator: 'Het bestuur moet minstens één gebruikersbeheerder houden.',
  no_home_school:
    'Uw inlog noemt geen school die bij msv bekend is. Vraag uw schoolleider om een uitnodiging.',
  join_request_not_found: 'Er is geen open verzoek van deze persoon.',
  not_a_board_person:
    'Alleen mensen met een rol bij het bestuur zelf kunnen de mails van het bestuur ontvangen.',
  invitation_not_found: 'Deze uitnodiging bestaat niet (meer).',
  invitation_used: 'Deze uitnodiging is al gebruikt.',
  invitation_expired: 'Deze uitnodiging is verlopen; vraag een nieuwe aan bij uw gebruikersbeheerder.',
  invitation_other_address:
    'Deze uitnodiging is voor een ander e-mailadres. Log in met het adres waarop u de uitnodiging kreeg.',
  // The school's policy (the fields of PUT …/policy)
  unknown_field: 'Dit veld kent de dienst niet.',
  invalid_type: 'Dit veld heeft niet de goede vorm.',
  empty: 'Vul dit veld in, of laat het helemaal leeg als het niet bekend is.',
  too_long: 'Dit is te lang.',
  invalid_characters: 'Hier staan tekens in die niet kunnen (zoals besturingstekens).',
  invalid_email: 'Vul een geldig e-mailadres in, zoals pestcoordinator@school.nl.',
  invalid_date: 'Vul een bestaande datum in.',
  date_too_early: 'Deze datum ligt voor 2000; controleer het jaartal.',
  date_in_future: 'Deze datum ligt in de toekomst: vul de datum in waarop het plan is vastgesteld.',
  unknown_protocol: 'Dit protocol kent de dienst niet.',
  duplicate_protocol: 'Dit protocol staat er twee keer in.',
  invalid_version: 'Vernieuw de pagina en probeer het opnieuw.',
  // Infrastructure
  internal_error: 'Er ging iets mis aan onze kant. Probeer het later opnieuw; de fout is vastgelegd.',
  network_error: 'De server is niet bereikbaar. Controleer uw internetverbinding en probeer het opnieuw.',
  config_missing: 'De instellingen van de applicatie (config.json) konden niet worden geladen.',
  invalid_response: 'De server gaf een onverwacht antwoord. Probeer het later opnieuw.',
};

/** Representativeness warnings, should one come without its Dutch text. */
const WARNINGS: Record<string, string> = {
  single_leerjaar: 'Er is maar één leerjaar bevraagd; dat geeft geen representatief beeld.',
  low_response: 'De respons in een groep is laag.',
  group_not_surveyed: 'In een groep is niemand bevraagd.',
  more_respondents_than_students:
    'Een groep heeft meer respondenten dan leerlingen; controleer het leerlingaantal.',
};

/** Every code this app has a Dutch text for (the unit test checks that the API's codes are all here). */
export const knownCodes = (): string[] => [...Object.keys(NL), ...Object.keys(WARNINGS)];

/** The Dutch text for a code, or undefined. */
export const codeNl = (code: string): string | undefined => NL[code] ?? WARNINGS[code];

/** What to show a person for a failed call: the API's Dutch, else our text for its code, else by status. */
export const errorNl = (err: unknown): string => {
  const e = err as Partial<ApiError>;
  if (e?.messageNl) return e.messageNl;
  const known = e?.code ? NL[e.code] : undefined;
  if (known) return known;
  const status = e?.status ?? 0;
  if (status >= 500) return `Er ging iets mis aan onze kant (fout ${status}). Probeer het later opnieuw.`;
  if (status === 0) return NL.network_error as string;
  return `Het verzoek is geweigerd (fout ${status}). Probeer het opnieuw of neem contact op met de beheerder.`;
};

/** Dutch text for one row of a 422 upload error table. */
export const rowErrorNl = (code: string, message: string): string => NL[code] ?? message;
