// Stand-ins for a person's platform id in store keys: deterministic, so a key built twice is the
// same key (exactly-once sends), and without the person's id in them.
import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../store/port.ts';

const SECRET_KEY = 'privacy:person-key-secret';

/**
 * A keyed hash (HMAC-SHA256, 128 bits) of `platform:userId` under one random secret per store,
 * created once by whichever replica comes first. A key built from it does not show the id to
 * anyone reading keys, logs or lists of keys; it is not anonymous while the secret exists, so
 * whatever is keyed by a person is still erased when they are forgotten.
 */
export class PersonKeys {
  private constructor(private readonly secret: string) {}

  static async open(store: Store): Promise<PersonKeys> {
    await store.claim(SECRET_KEY, randomBytes(32).toString('base64url'));
    const secret = await store.get<string>(SECRET_KEY);
    if (typeof secret !== 'string') throw new Error(`the store holds no ${SECRET_KEY}`);
    return new PersonKeys(secret);
  }

  /** The stand-in for one person: 22 characters of base64url. */
  of(platform: string, userId: string): string {
    return createHmac('sha256', this.secret).update(`${platform}\u0000${userId}`).digest('base64url').slice(0, 22);
  }
}
