import type { CaptchaChallenge } from '../../domain/ciam/captcha';
import type { CaptchaChallenges } from '../../domain/ciam/captcha-ports';
import type { InstanceId } from '../../domain/shared/ids';
import { captchaChallengeKey } from './keys';
import type { Table } from './table';

/**
 * Challenge ids are opaque tokens Atrium generated (base64url). `take` receives whatever a client sent:
 * anything else is refused before it reaches the table (a 100 kB "id" would be a DynamoDB validation
 * error, i.e. a 500).
 */
const PLAUSIBLE_ID = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Outstanding CAPTCHA challenges under `CAPTCHA#<instanceId>#<id>`, holding the answer's keyed hash.
 * `ttl` lets DynamoDB reap unanswered ones; the domain checks expiry itself because DynamoDB reaps late.
 */
export class DynamoCaptchaChallenges implements CaptchaChallenges {
  constructor(private readonly table: Table) {}

  async create(challenge: CaptchaChallenge): Promise<void> {
    if (!PLAUSIBLE_ID.test(challenge.id)) throw new Error('a CAPTCHA challenge id is 16 to 128 base64url characters');
    const out = await this.table.put({
      Item: {
        ...captchaChallengeKey(challenge.instanceId, challenge.id),
        kind: 'CaptchaChallenge',
        instanceId: challenge.instanceId,
        id: challenge.id,
        answerHash: challenge.answerHash,
        expiresAt: challenge.expiresAt,
        ttl: Math.ceil(new Date(challenge.expiresAt).getTime() / 1000),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    if (!out.ok) throw new Error('CAPTCHA challenge id collision');
  }

  /**
   * A read, then a delete conditioned on the item read still being there: of two concurrent takes only
   * one delete succeeds, so only one caller gets the challenge. (Table.delete does not hand back the old
   * item, hence two calls rather than one delete with ReturnValues ALL_OLD.)
   */
  async take(instanceId: InstanceId, id: string): Promise<CaptchaChallenge | undefined> {
    if (!PLAUSIBLE_ID.test(id)) return undefined;
    const key = captchaChallengeKey(instanceId, id);
    const item = await this.table.get(key);
    if (!item) return undefined;
    const deleted = await this.table.delete({
      Key: key,
      ConditionExpression: 'attribute_exists(pk) AND answerHash = :h',
      ExpressionAttributeValues: { ':h': item.answerHash },
    });
    if (!deleted.ok) return undefined;
    return {
      instanceId: item.instanceId as InstanceId,
      id: item.id as string,
      answerHash: item.answerHash as string,
      expiresAt: item.expiresAt as string,
    };
  }
}
