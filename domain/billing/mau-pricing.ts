import type { MauTier } from '../ciam/catalogue';
import { multiplyMicros, parseUsd, sumMicros, type Micros } from './money';

/**
 * MAU tiers are GRADUATED, as AWS Cognito prices MAU: each MAU is priced at the tier it falls in, so
 * 50,001 MAU cost 50,000 × 0.24 + 1 × 0.20 USD, and 1,000,000 MAU cost 50,000 × 0.24 + 950,000 × 0.20.
 * (Volume tiers, pricing every MAU at the tier the total reaches, would make the 50,001st MAU lower the
 * bill by 2,000 USD.) A graduated charge never decreases as MAU grow, and accruals telescope: the
 * daily accruals of a month add up to exactly the charge of the month's MAU.
 *
 * `tiers` is the catalogue's `mauTiers` (CATALOGUE.mauTiers): prices are read, never hard-coded here.
 */

const assertMau = (mau: number, what: string): void => {
  if (!Number.isSafeInteger(mau) || mau < 0) throw new RangeError(`${what} must be a whole number ≥ 0, not ${mau}`);
};

/** Tiers come from the catalogue: out of order, or bounded at the top (some MAU without a price), is a bug. */
const checkTiers = (tiers: readonly MauTier[]): void => {
  if (tiers.length === 0) throw new Error('the catalogue has no MAU tiers');
  let previous = 0;
  tiers.forEach((tier, index) => {
    const last = index === tiers.length - 1;
    if (last !== (tier.upTo === null)) throw new Error('only the last MAU tier, and always it, is unbounded (upTo: null)');
    if (tier.upTo !== null && (!Number.isSafeInteger(tier.upTo) || tier.upTo <= previous)) {
      throw new Error(`MAU tier bounds must increase: ${tier.upTo} after ${previous}`);
    }
    previous = tier.upTo ?? previous;
  });
};

/** The charge for `mau` monthly active users of one instance in one month. */
export const mauCharge = (mau: number, tiers: readonly MauTier[]): Micros => {
  assertMau(mau, 'MAU');
  checkTiers(tiers);
  const charges: Micros[] = [];
  let floor = 0;
  for (const tier of tiers) {
    // Parsed even when no MAU reach the tier, so a malformed price fails every run, not only a big month.
    const price = parseUsd(tier.pricePerMau);
    const ceiling = tier.upTo ?? Number.POSITIVE_INFINITY;
    if (mau > floor) charges.push(multiplyMicros(price, Math.min(mau, ceiling) - floor));
    floor = ceiling;
  }
  return sumMicros(charges);
};

/**
 * What MAU growth from `mauBefore` to `mauAfter` (both month-to-date) adds to the month's charge:
 * charge(after) − charge(before), so day after day the accruals sum to the month's charge exactly,
 * with no tier straddling or rounding to reconcile. MAU-to-date never falls within a month (it counts
 * distinct users since the 1st), so a fall is a bug in the caller's snapshots and throws.
 */
export const accruedMauCharge = (mauBefore: number, mauAfter: number, tiers: readonly MauTier[]): Micros => {
  assertMau(mauBefore, 'MAU before');
  assertMau(mauAfter, 'MAU after');
  if (mauAfter < mauBefore) throw new RangeError(`MAU to date cannot fall within a month (${mauBefore} → ${mauAfter})`);
  return mauCharge(mauAfter, tiers) - mauCharge(mauBefore, tiers);
};
