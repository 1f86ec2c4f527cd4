import type { AuditResource } from './audit-event';

/**
 * The resources a request names, read off its parameters by one rule, so every route, SCIM endpoint
 * and RPC operation is covered the same way: `userId` names a User, `accessConfigurationId` an
 * AccessConfiguration, `userIds` several Users; a `principalId` or `targetId` takes its type from `principalType` /
 * `targetType` beside it. Values that are not ids (lists, objects) are skipped.
 */
const TYPED = { principalId: 'principalType', targetId: 'targetType' } as const;

const typeOf = (name: string): string => {
  const base = name.endsWith('Ids') ? name.slice(0, -3) : name.slice(0, -2);
  return base.charAt(0).toUpperCase() + base.slice(1);
};

export const resourcesOf = (params: Readonly<Record<string, unknown>>): AuditResource[] => {
  const out: AuditResource[] = [];
  const add = (type: string, id: string) => {
    if (!out.some((r) => r.type === type && r.id === id)) out.push({ type, id });
  };
  for (const [name, value] of Object.entries(params)) {
    if (!/.Ids?$/.test(name)) continue;
    const ids = Array.isArray(value) ? value : [value];
    for (const id of ids.slice(0, 20)) {
      if (typeof id !== 'string' || id === '' || id.length > 128) continue;
      const typeField = TYPED[name as keyof typeof TYPED];
      const declared = typeField ? params[typeField] : undefined;
      add(typeof declared === 'string' && declared !== '' ? declared : typeOf(name), id);
    }
  }
  return out;
};

/** Adds resources not yet named. */
export const withResources = (known: readonly AuditResource[], more: readonly AuditResource[]): AuditResource[] => {
  const out = [...known];
  for (const r of more) if (!out.some((k) => k.type === r.type && k.id === r.id)) out.push(r);
  return out;
};
