import type { ConsoleModule } from './app';
import { registerAccountPages } from './ciam/accounts';
import { registerAdministratorPages } from './ciam/administrators';
import { registerApplicationPages } from './ciam/applications';
import { registerBillPages } from './ciam/bills';
import { registerInstancePages } from './ciam/instances';
import { registerLogonSettingsPages } from './ciam/logon-settings';
import { BILLS, INSTANCES, PURCHASE } from './ciam/paths';
import { registerUsagePages } from './ciam/usage';
import { may } from './env';

/**
 * The CIAM console (IDaaS customer identity): Purchase Instance with its prices, the instance list,
 * and inside an instance Application Management (with Registration And Logon Settings), Users,
 * Settings (administrators) and Usage; the account's bills. Every page reads, and every form
 * writes, through the management API.
 */
export const ciamConsole: ConsoleModule = {
  register: (app, helpers) => {
    registerInstancePages(app, helpers);
    registerApplicationPages(app, helpers);
    registerLogonSettingsPages(app, helpers);
    registerAccountPages(app, helpers);
    registerAdministratorPages(app, helpers);
    registerUsagePages(app, helpers);
    registerBillPages(app, helpers);
  },
  nav: (c) => {
    const principal = c.get('principal');
    return {
      title: 'CIAM',
      links: [
        // Always: an administrator may hold a role on an instance without any IDaaS policy, and the list shows those.
        { href: INSTANCES, label: 'Instances' },
        ...(may(principal, 'idaas:CreateInstance') ? [{ href: PURCHASE, label: 'Purchase instance' }] : []),
        ...(may(principal, 'billing:ListBills') ? [{ href: BILLS, label: 'Usage and bills' }] : []),
      ],
    };
  },
};
