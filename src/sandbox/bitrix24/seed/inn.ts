// Russian taxpayer numbers with valid check digits (ФНС algorithm), so that seed
// data passes the same INN validation real data does.
import { randomInt, type Random } from '../../../core/random.ts';

const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function check(digits: readonly number[], weights: readonly number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0) % 11) % 10;
}

const REGIONS = ['7701', '7702', '7705', '7710', '7714', '7728', '7802', '7810', '5406', '6658', '1655', '5003'];

/** A 10-digit INN of an organisation. */
export function legalInn(random: Random): string {
  const region = REGIONS[randomInt(random, 0, REGIONS.length - 1)] as string;
  const digits = [...region, ...Array.from({ length: 5 }, () => String(randomInt(random, 0, 9)))].map(Number);
  return [...digits, check(digits, W10)].join('');
}

/** A 12-digit INN of a person or sole proprietor. */
export function personalInn(random: Random): string {
  const region = REGIONS[randomInt(random, 0, REGIONS.length - 1)] as string;
  const digits = [...region, ...Array.from({ length: 6 }, () => String(randomInt(random, 0, 9)))].map(Number);
  const d11 = check(digits, W11);
  const d12 = check([...digits, d11], W12);
  return [...digits, d11, d12].join('');
}

export function kppFor(inn: string): string {
  return `${inn.slice(0, 4)}01001`;
}
