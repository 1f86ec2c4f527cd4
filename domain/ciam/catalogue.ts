import data from './catalogue.json' with { type: 'json' };

/**
 * What may be bought: regions, editions with their hourly fee, and the MAU price tiers (the product's
 * published prices). The figures live in catalogue.json, one data file, so billing and purchase read the
 * same numbers; prices are decimal strings, never floats, so a bill adds up to the cent.
 */
export type Edition = 'Basic' | 'Enterprise' | 'Ultimate';
export type Deployment = 'Online';

export type EditionOffer = {
  readonly id: Edition;
  readonly hourlyFee: string;
  readonly maxApplications: number;
  readonly description: string;
};

/** MAU up to `upTo` (inclusive; null: no upper bound) cost `pricePerMau` each, tier by tier. */
export type MauTier = { readonly upTo: number | null; readonly pricePerMau: string };

export type Catalogue = {
  readonly currency: 'USD';
  readonly deployment: readonly Deployment[];
  readonly regions: readonly { readonly id: string; readonly name: string }[];
  readonly editions: readonly EditionOffer[];
  readonly mauTiers: readonly MauTier[];
};

export const CATALOGUE = data as Catalogue;

export const EDITIONS = CATALOGUE.editions.map((e) => e.id) as [Edition, ...Edition[]];
export const REGIONS = CATALOGUE.regions.map((r) => r.id) as [string, ...string[]];

export const editionOffer = (edition: Edition): EditionOffer => {
  const offer = CATALOGUE.editions.find((e) => e.id === edition);
  if (!offer) throw new Error(`edition ${edition} is not in the catalogue`);
  return offer;
};
