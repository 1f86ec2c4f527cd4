import { accessKeysConsole } from './access-keys';
import type { ConsoleModule } from './app';
import { auditConsole } from './audit';
import { ciamConsole } from './ciam';
import { cloudSsoConsole } from './cloudsso';

/** The console's page modules, in navigation order. */
export const consoleModules: readonly ConsoleModule[] = [cloudSsoConsole, ciamConsole, accessKeysConsole, auditConsole];
