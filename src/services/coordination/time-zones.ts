import type { Principal } from '../../domain/access/access-policy.js';
import { isValidTimeZone } from '../../domain/coordination/zoned-date.js';
import type { TimeZoneRepository } from '../../store/time-zone-repository.js';
import { ServiceError } from '../service-error.js';

/** Each user's own time zone, in which the API's `…Local` dates and their e-mails are written. */
export class TimeZones {
  readonly #repository: TimeZoneRepository;

  constructor(repository: TimeZoneRepository) {
    this.#repository = repository;
  }

  /** The caller's zone; null when they have set none (UTC is used). */
  async get(principal: Principal | undefined): Promise<string | null> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    return this.#repository.zoneOf(principal.userId);
  }

  /** Sets the caller's zone (an IANA name such as Europe/Berlin), stored in its canonical spelling; null clears it. */
  async set(principal: Principal | undefined, timeZone: string | null): Promise<string | null> {
    if (!principal) throw new ServiceError('unauthenticated', 'sign in first');
    if (timeZone !== null && !isValidTimeZone(timeZone.trim())) {
      throw new ServiceError('invalid', `"${timeZone}" is not an IANA time zone name such as Europe/Berlin or America/New_York`, '/timeZone');
    }
    const canonical = timeZone === null ? null : new Intl.DateTimeFormat('en-US', { timeZone: timeZone.trim() }).resolvedOptions().timeZone;
    await this.#repository.setZone(principal.userId, canonical);
    return canonical;
  }
}
