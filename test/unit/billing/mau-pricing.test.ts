import { describe, expect, it } from 'vitest';
import { accruedMauCharge, mauCharge } from '../../../domain/billing/mau-pricing';
import { CATALOGUE, type MauTier } from '../../../domain/ciam/catalogue';

const tiers = CATALOGUE.mauTiers;

describe('mauCharge (graduated tiers of the catalogue)', () => {
  it('the catalogue holds the tiers these expectations were worked out from', () => {
    expect(tiers).toEqual([
      { upTo: 50_000, pricePerMau: '0.24' },
      { upTo: 1_000_000, pricePerMau: '0.20' },
      { upTo: 10_000_000, pricePerMau: '0.16' },
      { upTo: null, pricePerMau: '0.12' },
    ]);
  });

  // Expected charges worked out by hand in micro-USD (0.24 USD = 240,000 micros).
  it.each([
    [0, 0], // nothing
    [1, 240_000], // 1 × 0.24
    [50_000, 12_000_000_000], // 50,000 × 0.24 = 12,000
    [50_001, 12_000_200_000], // 12,000 + 1 × 0.20 = 12,000.20
    [1_000_000, 202_000_000_000], // 12,000 + 950,000 × 0.20 = 202,000
    [1_000_001, 202_000_160_000], // 202,000 + 1 × 0.16 = 202,000.16
    [10_000_000, 1_642_000_000_000], // 202,000 + 9,000,000 × 0.16 = 1,642,000
    [10_000_001, 1_642_000_120_000], // 1,642,000 + 1 × 0.12
    [12_345_678, 1_923_481_360_000], // 1,642,000 + 2,345,678 × 0.12 = 1,923,481.36
  ])('%d MAU → %d micros', (mau, micros) => {
    expect(mauCharge(mau, tiers)).toBe(micros);
  });

  it('is graduated, not volume: the 50,001st MAU adds 0.20, it does not reprice the first 50,000', () => {
    expect(mauCharge(50_001, tiers) - mauCharge(50_000, tiers)).toBe(200_000);
    expect(mauCharge(50_001, tiers)).toBeGreaterThan(mauCharge(50_000, tiers));
  });

  it('reads whatever tiers it is given', () => {
    const other: MauTier[] = [
      { upTo: 10, pricePerMau: '1' },
      { upTo: null, pricePerMau: '0.5' },
    ];
    expect(mauCharge(15, other)).toBe(12_500_000); // 10 × 1 + 5 × 0.5
  });

  it.each<[string, MauTier[]]>([
    ['no tiers', []],
    ['a bounded last tier', [{ upTo: 10, pricePerMau: '1' }]],
    ['an unbounded tier before the last', [{ upTo: null, pricePerMau: '1' }, { upTo: null, pricePerMau: '1' }]],
    ['bounds that do not increase', [{ upTo: 10, pricePerMau: '1' }, { upTo: 10, pricePerMau: '1' }, { upTo: null, pricePerMau: '1' }]],
    ['a fractional bound', [{ upTo: 10.5, pricePerMau: '1' }, { upTo: null, pricePerMau: '1' }]],
    ['a malformed price', [{ upTo: 10, pricePerMau: '1' }, { upTo: null, pricePerMau: '0,5' }]],
  ])('throws on %s (a catalogue bug)', (_, bad) => {
    expect(() => mauCharge(1, bad)).toThrow();
  });

  it.each([-1, 1.5, Number.NaN])('throws on %d MAU', (mau) => {
    expect(() => mauCharge(mau, tiers)).toThrow(RangeError);
  });
});

describe('accruedMauCharge', () => {
  it.each([
    [0, 0, 0],
    [0, 1, 240_000],
    [50_000, 50_001, 200_000],
    [49_999, 50_001, 440_000], // one at 0.24, one at 0.20
    [999_999, 1_000_002, 200_000 + 2 * 160_000],
    [12_345_678, 12_345_678, 0],
  ])('%d → %d MAU accrues %d micros', (before, after, micros) => {
    expect(accruedMauCharge(before, after, tiers)).toBe(micros);
  });

  it('throws when MAU to date falls', () => {
    expect(() => accruedMauCharge(10, 9, tiers)).toThrow(/cannot fall/);
  });

  // Deterministic PRNG (mulberry32) so a failure reproduces.
  const seeded = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it('daily accruals of a month sum to the charge of the month-end MAU, for 500 seeded months', () => {
    const random = seeded(20240607);
    // Daily growth scales that keep months inside one tier and that cross one or several tier bounds.
    const scales = [0, 10, 2_000, 40_000, 400_000, 1_500_000];
    for (let month = 0; month < 500; month += 1) {
      const days = 28 + Math.floor(random() * 4);
      const scale = scales[month % scales.length] ?? 0;
      let mau = 0;
      let accrued = 0;
      for (let day = 0; day < days; day += 1) {
        // Some days bring nobody new.
        const growth = random() < 0.2 ? 0 : Math.floor(random() * scale);
        const step = accruedMauCharge(mau, mau + growth, tiers);
        expect(step).toBeGreaterThanOrEqual(0);
        accrued += step;
        mau += growth;
      }
      expect(accrued).toBe(mauCharge(mau, tiers));
    }
  });
});
