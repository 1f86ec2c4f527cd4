import type { ConsoleModule } from './app';

/** The console's page modules, in navigation order. */
export const consoleModules: readonly ConsoleModule[] = [];
