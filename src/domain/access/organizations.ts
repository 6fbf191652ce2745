/** The kinds of organization the program brings together. */
export const ORGANIZATION_TYPES = ['program_office', 'agency', 'lab', 'vendor', 'operator', 'researcher', 'clearinghouse'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/** CISA's 16 critical-infrastructure sectors (PPD-21), which every operator names one of. */
export const CRITICAL_INFRASTRUCTURE_SECTORS = [
  'chemical',
  'commercial_facilities',
  'communications',
  'critical_manufacturing',
  'dams',
  'defense_industrial_base',
  'emergency_services',
  'energy',
  'financial_services',
  'food_and_agriculture',
  'government_facilities',
  'healthcare_and_public_health',
  'information_technology',
  'nuclear_reactors_materials_and_waste',
  'transportation_systems',
  'water_and_wastewater_systems',
] as const;
export type Sector = (typeof CRITICAL_INFRASTRUCTURE_SECTORS)[number];

/** Roles inside an organization, weakest first. */
export const ROLES = ['viewer', 'member', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` carries at least the rights of `needed`. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** An operator must name its sector; no other type may. */
export function checkSector(type: OrganizationType, sector: string | undefined): { ok: true; sector: Sector | undefined } | { ok: false; error: string } {
  if (type !== 'operator') {
    return sector === undefined ? { ok: true, sector: undefined } : { ok: false, error: `only operators name a sector, not a ${type}` };
  }
  if (sector === undefined) return { ok: false, error: `an operator must name one of the 16 critical-infrastructure sectors: ${CRITICAL_INFRASTRUCTURE_SECTORS.join(', ')}` };
  if (!(CRITICAL_INFRASTRUCTURE_SECTORS as readonly string[]).includes(sector)) {
    return { ok: false, error: `"${sector}" is not a critical-infrastructure sector; expected one of ${CRITICAL_INFRASTRUCTURE_SECTORS.join(', ')}` };
  }
  return { ok: true, sector: sector as Sector };
}
