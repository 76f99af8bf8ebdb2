/**
 * The catalog's regions. An offering's region is derived from its country, never typed in, so
 * a search by region cannot miss an offering whose provider picked a different word.
 */
export const REGIONS = [
  'europe',
  'north_america',
  'latin_america',
  'asia_pacific',
  'middle_east_north_africa',
  'sub_saharan_africa',
  'cis',
] as const;
export type Region = (typeof REGIONS)[number];

// Every ISO 3166-1 alpha-2 code (249), grouped by region so a reviewer can check each group.
// Border cases follow common hosting-catalogue usage: Mexico and the Caribbean are Latin America,
// Turkey and Sudan are MENA, Georgia and Ukraine (no longer CIS members) are Europe.
const GROUPS: Readonly<Record<Region, string>> = {
  europe:
    'AD AL AT AX BA BE BG CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IM IS IT JE LI ' +
    'LT LU LV MC ME MK MT NL NO PL PT RO RS SE SI SJ SK SM UA VA',
  north_america: 'BM CA GL PM UM US',
  latin_america:
    'AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM KN ' +
    'KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI',
  asia_pacific:
    'AF AQ AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN IO JP KH KI KP KR LA LK MH MM MN MO ' +
    'MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TF TH TK TL TO TV TW VN VU WF WS',
  middle_east_north_africa: 'AE BH DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SD SY TN TR YE',
  sub_saharan_africa:
    'AO BF BI BJ BV BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW ' +
    'MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW',
  cis: 'AM AZ BY KG KZ MD RU TJ TM UZ',
};

const COUNTRY_REGION: ReadonlyMap<string, Region> = new Map(
  (Object.entries(GROUPS) as [Region, string][]).flatMap(([region, codes]) =>
    codes.split(' ').map((code) => [code, region] as const),
  ),
);

/** Every ISO 3166-1 alpha-2 country code the catalog accepts. */
export const COUNTRY_CODES: readonly string[] = [...COUNTRY_REGION.keys()].sort();

/** The region of an upper-case ISO 3166-1 alpha-2 country code, or `undefined` if unknown. */
export function regionOfCountry(country: string): Region | undefined {
  return COUNTRY_REGION.get(country);
}
