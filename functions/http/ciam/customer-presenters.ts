import type { Customer } from '../../../domain/ciam/customer';
import type { CustomerImportOutcome, ExportedCustomer } from '../../../domain/ciam/customer-use-cases';

/** An account as the management API shows it. Built field by field: nothing reaches the wire by accident. */
export const presentCustomer = (c: Customer) => ({
  customerId: c.id,
  username: c.username,
  ...(c.displayName !== undefined ? { displayName: c.displayName } : {}),
  ...(c.phone !== undefined ? { phone: c.phone } : {}),
  ...(c.email !== undefined ? { email: c.email } : {}),
  status: c.status,
  source: c.source,
  mustChangePassword: c.mustChangePassword,
  ...(c.passwordChangedAt !== undefined ? { passwordChangedAt: c.passwordChangedAt } : {}),
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  ...(c.lastLogonAt !== undefined ? { lastLogonAt: c.lastLogonAt } : {}),
});

/** An export line: the account and, the one place a hash is ever shown, its argon2id PHC string. */
export const presentExportedCustomer = (e: ExportedCustomer) => ({
  ...presentCustomer(e.customer),
  ...(e.passwordHash !== undefined ? { passwordHash: e.passwordHash } : {}),
});

export const presentImportOutcome = (o: CustomerImportOutcome) =>
  'customerId' in o ? { index: o.index, customerId: o.customerId } : { index: o.index, code: o.error.code, message: o.error.message };
