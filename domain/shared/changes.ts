/** A partial update as it arrives from an edge: any field may be absent or explicitly undefined. */
export type Changes<T> = { [K in keyof T]?: T[K] | undefined };

/** Drops undefined fields, so spreading changes over a value never erases what was not given. */
export const definedOnly = <T extends object>(changes: Changes<T>): Partial<T> =>
  Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
