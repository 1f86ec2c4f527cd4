import type { CommandSender } from '../../adapters/dynamodb/table';

/** An AWS-shaped error, as the SDK throws it. */
export const awsError = (name: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`${name} (injected)`), { name, $metadata: { httpStatusCode: 400 }, ...extra });

/**
 * Failure injection at the adapter boundary: wraps the document client and fails the next `times`
 * commands whose name matches, then lets everything through. Counts what was sent.
 */
export class FaultySender implements CommandSender {
  private remaining = 0;
  private match: RegExp = /.*/;
  private error: () => Error = () => awsError('ProvisionedThroughputExceededException');
  readonly sent: string[] = [];

  constructor(private readonly inner: CommandSender) {}

  failNext(times: number, options: { match?: RegExp; error?: () => Error } = {}): void {
    this.remaining = times;
    this.match = options.match ?? /.*/;
    this.error = options.error ?? (() => awsError('ProvisionedThroughputExceededException'));
  }

  async send(command: unknown): Promise<unknown> {
    const name = (command as { constructor: { name: string } }).constructor.name;
    this.sent.push(name);
    if (this.remaining > 0 && this.match.test(name)) {
      this.remaining -= 1;
      throw this.error();
    }
    return this.inner.send(command);
  }
}
