import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditActor, AuditChannel, AuditEvent, AuditResource, AuditTenant } from '../../domain/audit/audit-event';
import { withResources } from '../../domain/audit/audit-resources';
import type { TransactItem } from '../dynamodb/table';

/** What the edge knows of a request before it runs. */
export type AuditDraft = {
  readonly tenant?: AuditTenant | undefined;
  readonly actor: AuditActor;
  readonly source: { readonly ip: string; readonly userAgent?: string };
  readonly channel: AuditChannel;
  readonly action: string;
  readonly resources?: readonly AuditResource[];
  readonly request?: Readonly<Record<string, unknown>> | undefined;
  readonly requestId: string;
};

/**
 * Which write carries the record. A management call's first write is the change it makes (later
 * writes of the same call follow from it). A logon writes on its way (failure counters, a rehashed
 * password) before it knows how it ends; its record goes with the session it opens, whose adapter
 * claims it explicitly.
 */
export type AuditCarrier = 'first-write' | 'session-write';

/** How a write offers to carry the record: a session write names whose session it is. */
export type AuditCarry = { readonly as: AuditCarrier; readonly actor?: Partial<AuditActor> };

/** The adapter side: turns an event into a table write. */
export interface AuditRecorder {
  newEvent(draft: Omit<AuditEvent, 'id' | 'time'>): AuditEvent;
  /** The Put that records the event inside another write's transaction. */
  itemFor(event: AuditEvent): Promise<TransactItem>;
  /** Records an event on its own (a failed call, a call that changed nothing). */
  record(event: AuditEvent): Promise<void>;
  /** A call whose change was recorded as a success failed afterwards: the record says so. */
  markFailed(event: AuditEvent, errorCode: string, errorMessage: string | undefined): Promise<void>;
}

type State = 'open' | 'claimed' | 'written' | 'closed';
type Outcome = { readonly result: 'Success' } | { readonly result: 'Failure'; readonly errorCode: string; readonly errorMessage?: string | undefined };

/**
 * One request's audit record while the request runs. The edge opens it with what it knows; handlers
 * and adapters add what they learn (the user a logon resolved, its outcome); the first write able to
 * carry it does so in its own transaction, so no change goes unrecorded; `finish` records calls that
 * changed nothing, and corrects the rare call that failed after its change was written.
 */
export class AuditScope {
  private state: State = 'open';
  private tenant: AuditTenant | undefined;
  private actor: AuditActor;
  private resources: AuditResource[];
  private outcome: Outcome | undefined;
  private written: AuditEvent | undefined;

  constructor(
    private readonly draft: AuditDraft,
    readonly carrier: AuditCarrier,
    private readonly recorder: AuditRecorder,
  ) {
    this.tenant = draft.tenant;
    this.actor = draft.actor;
    this.resources = [...(draft.resources ?? [])];
  }

  get action(): string {
    return this.draft.action;
  }

  /** The ids of one type the event names so far (those the call created among them). */
  resourceIds(type: string): string[] {
    return this.resources.filter((r) => r.type === type).map((r) => r.id);
  }

  setTenant(tenant: AuditTenant): void {
    this.tenant = tenant;
  }

  setActor(actor: Partial<AuditActor>): void {
    this.actor = { ...this.actor, ...actor };
  }

  addResources(resources: readonly AuditResource[]): void {
    this.resources = withResources(this.resources, resources);
  }

  /** The handler's verdict, for protocols whose failures are not HTTP errors (a page saying "wrong password"). */
  fail(errorCode: string, errorMessage?: string): void {
    this.outcome = { result: 'Failure', errorCode, errorMessage };
  }

  succeed(): void {
    this.outcome = { result: 'Success' };
  }

  /**
   * The record for a write to carry, once; undefined when this write is not the one. The caller
   * reports back with `settle`: a cancelled transaction recorded nothing, so a later write may carry it.
   */
  async claim(carry: AuditCarry): Promise<TransactItem | undefined> {
    if (this.state !== 'open' || !this.tenant) return undefined;
    // A logon's scope waits for its session write; any other scope takes the first write.
    if (this.carrier === 'session-write' && carry.as !== 'session-write') return undefined;
    if (this.carrier === 'session-write' && carry.actor) this.setActor(carry.actor);
    this.state = 'claimed';
    const event = this.event({ result: 'Success' });
    this.written = event;
    return this.recorder.itemFor(event);
  }

  settle(committed: boolean): void {
    if (this.state !== 'claimed') return;
    this.state = committed ? 'written' : 'open';
    if (!committed) this.written = undefined;
  }

  /** Nothing to record: the request named a tenant that does not exist (its trail would be noise). */
  discard(): void {
    if (this.state === 'open') this.state = 'closed';
  }

  /** At the end of the request, with the outcome the protocol answered (the handler's verdict wins). */
  async finish(answered: Outcome): Promise<void> {
    if (this.state === 'closed') return;
    const was = this.state;
    this.state = 'closed';
    const outcome = this.outcome ?? answered;
    if (was === 'written' && this.written) {
      if (outcome.result === 'Failure') await this.recorder.markFailed(this.written, outcome.errorCode, outcome.errorMessage);
      return;
    }
    if (!this.tenant) return;
    await this.recorder.record(this.event(outcome));
  }

  private event(outcome: Outcome): AuditEvent {
    return this.recorder.newEvent({
      tenant: this.tenant!,
      actor: this.actor,
      source: this.draft.source,
      channel: this.draft.channel,
      action: this.draft.action,
      resources: this.resources,
      ...(this.draft.request ? { request: this.draft.request } : {}),
      result: outcome.result,
      ...(outcome.result === 'Failure' ? { errorCode: outcome.errorCode } : {}),
      ...(outcome.result === 'Failure' && outcome.errorMessage !== undefined ? { errorMessage: outcome.errorMessage } : {}),
      requestId: this.draft.requestId,
    });
  }
}

const storage = new AsyncLocalStorage<AuditScope>();

/** The audit scope of the request this code runs for, if any. */
export const currentAuditScope = (): AuditScope | undefined => storage.getStore();

export const runInAuditScope = <T>(scope: AuditScope, fn: () => Promise<T>): Promise<T> => storage.run(scope, fn);

/** Work started by a request but not part of it (an in-process queue's consumer) runs outside its scope. */
export const outsideAuditScope = <T>(fn: () => T): T => storage.exit(fn);
