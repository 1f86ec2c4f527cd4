import type { Clock } from '../../domain/shared/clock';

export const systemClock: Clock = { now: () => new Date() };
