/**
 * Money is counted in integer micro-USD (1 USD = 1,000,000 micros). Every catalogue price has at most
 * six decimals, so prices, products and sums stay exact integers, where binary floats would make
 * 0.1 + 0.2 ≠ 0.3 and a bill that does not add up to the cent. A JavaScript number holds integers
 * exactly up to Number.MAX_SAFE_INTEGER ≈ 9.007e15 micros ≈ 9 billion USD, far above one account's
 * month; every helper checks that bound and throws past it rather than round silently.
 */
export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

/** Digits, then at most six decimals: the catalogue's decimal strings ('3', '0.24'). No sign, no exponent. */
const USD_AMOUNT = /^(\d+)(?:\.(\d{1,6}))?$/;

const assertMicros = (amount: number, what: string): Micros => {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${what} (${amount}) is not a whole number of micro-USD within the safe integer range`);
  return amount;
};

/**
 * '0.24' → 240000, exactly (digit by digit, never through a float). Prices come from the catalogue or
 * a purchase order, both written by us: a malformed one is a bug, so it throws.
 */
export const parseUsd = (amount: string): Micros => {
  const match = USD_AMOUNT.exec(amount);
  if (!match) throw new Error(`${JSON.stringify(amount)} is not a USD amount (digits with at most 6 decimals)`);
  const [, whole = '', fraction = ''] = match;
  return assertMicros(Number(whole) * MICROS_PER_USD + Number(fraction.padEnd(6, '0')), `USD ${amount}`);
};

/**
 * For display only (statements, CSV): rounds half up, away from zero, to `decimals` places
 * (0.005 USD → '0.01', 0.004999 → '0.00'). No thousands separator, so spreadsheets read it as a number.
 * Amounts are summed in micros first and rounded once, never rounded and then summed.
 */
export const formatUsd = (micros: Micros, decimals = 2): string => {
  assertMicros(micros, 'amount');
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) throw new RangeError(`decimals must be 0 to 6, not ${decimals}`);
  const unit = 10 ** (6 - decimals);
  const magnitude = Math.abs(micros);
  const rest = magnitude % unit;
  // (magnitude - rest) is a multiple of unit, so the division is exact even near 2^53.
  const units = (magnitude - rest) / unit + (rest * 2 >= unit ? 1 : 0);
  const scale = 10 ** decimals;
  const fraction = units % scale;
  const whole = (units - fraction) / scale;
  const sign = micros < 0 && units > 0 ? '-' : '';
  return decimals === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(fraction).padStart(decimals, '0')}`;
};

export const sumMicros = (amounts: Iterable<Micros>): Micros => {
  let total = 0;
  for (const amount of amounts) total = assertMicros(total + assertMicros(amount, 'amount'), 'sum');
  return total;
};

/** A unit price times a whole quantity (hours, MAU). */
export const multiplyMicros = (unitPrice: Micros, quantity: number): Micros => {
  assertMicros(unitPrice, 'unit price');
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity must be a whole number ≥ 0, not ${quantity}`);
  return assertMicros(unitPrice * quantity, `${unitPrice} × ${quantity}`);
};
