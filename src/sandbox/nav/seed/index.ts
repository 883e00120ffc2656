// Seed data of the NAV sandbox: CRONUS International Ltd. and a Russian company.
import type { Company } from '../data/company.ts';
import { seedCronusActivity, seedRussiaActivity } from './activity.ts';
import { seedCompanies, type SeedOptions } from './companies.ts';

export { DEFAULT_CUSTOMERS, DEFAULT_ITEMS, type SeedOptions } from './companies.ts';
export { RUSSIA_COMPANY } from './russia.ts';

export function seed(options: SeedOptions): Company[] {
  const [cronus, russia] = seedCompanies(options);
  if (cronus) seedCronusActivity(cronus, options.today);
  if (russia) seedRussiaActivity(russia, options.today);
  return [cronus, russia].filter((c): c is Company => c !== undefined);
}
