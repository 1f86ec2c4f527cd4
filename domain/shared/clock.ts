/** Time enters the domain only through this port, so rules are testable with a fixed clock. */
export interface Clock {
  now(): Date;
}
