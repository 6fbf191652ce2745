import type { Store } from '../../store/database.js';
import type { KevRepository } from '../../store/kev-repository.js';
import type { AccessLayer } from '../access/access-layer.js';
import type { PublicationService } from '../publication/publication-service.js';
import { CaseMessages } from './case-messages.js';
import { CaseReminders } from './case-reminders.js';
import { CaseService } from './case-service.js';
import { CaseSupport } from './case-support.js';
import { CveIds } from './cve-ids.js';
import { Referrals } from './referral.js';
import { TimeZones } from './time-zones.js';
import { VendorPortal } from './vendor-portal.js';

/** Coordinated disclosure, wired over one store: the coordinators' cases, the vendor portal, CVE ids, referrals, reminders. */
export class Coordination {
  readonly cases: CaseService;
  readonly messages: CaseMessages;
  readonly vendors: VendorPortal;
  readonly cveIds: CveIds;
  readonly referrals: Referrals;
  /** `sendDueReminders(now)`: for a worker or `clearinghouse case send-reminders` to run. */
  readonly reminders: CaseReminders;
  readonly timeZones: TimeZones;

  constructor(deps: { store: Store; access: AccessLayer; kev: KevRepository; publications: PublicationService; now?: () => Date }) {
    const support = new CaseSupport(deps);
    this.cases = new CaseService(support, deps.publications);
    this.messages = new CaseMessages(support);
    this.vendors = new VendorPortal(support);
    this.cveIds = new CveIds(support);
    this.referrals = new Referrals(support, this.messages);
    this.reminders = new CaseReminders(support);
    this.timeZones = new TimeZones(support.timeZones);
  }
}
