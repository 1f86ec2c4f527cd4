import { randomInt } from 'node:crypto';
import type { CodeGenerator } from '../../domain/ciam/one-time-code-ports';

/** `randomInt` draws without modulo bias from the system CSPRNG, so every code is equally likely. */
export const cryptoCodeGenerator: CodeGenerator = {
  sixDigits: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
};
