// AWS says a lasting state's message (a task that cannot be placed, a
// service that is steady) once "until either the cause is resolved or six
// hours passes": here each is said again then, in the scheduler's next look.
import type { ServiceNotice } from '../../../machines/service.types.ts';
import type { VirtualClock } from '../clock.ts';
import type { ServiceMessages } from './service-messages.ts';

export interface RepeatsHost {
  readonly clock: VirtualClock;
  readonly messages: ServiceMessages;
  /** a look now, unless one is already due (it says them) */
  lookNow(): void;
  notice(n: ServiceNotice): void;
}

export class MessageRepeats {
  /** the passive timer for the next message said again: its moment and id */
  private next: { at: number; id: number } | null = null;
  /** that moment has come: the next look says the due messages again */
  private due = false;

  constructor(private readonly host: RepeatsHost) {
    host.messages.onLasting = () => this.await();
  }

  /**
   * The next repeat is due six hours after the oldest message still standing.
   * A passive timer waits for it, so a run with nothing else to do still ends
   * (and Step does not leap six hours to a repeat): it comes when time is
   * moved past it.
   */
  private await() {
    const { clock, messages } = this.host;
    const at = messages.nextRepeatAt();
    if (at === this.next?.at) return;
    if (this.next) clock.clearTimeout(this.next.id);
    this.next = at === null ? null : {
      at,
      id: clock.setPassiveTimeout(() => {
        this.next = null;
        this.due = true;
        this.host.lookNow();
      }, at - clock.now()),
    };
  }

  /**
   * In a look, with the scheduler in `state`: the lasting messages six hours
   * old, said again; a steady service is steady again as an EventBridge event
   * too (AWS: "the service scheduler reports the status periodically, so you
   * might receive this event multiple times"; that its period is the
   * message's is our model).
   */
  sayDue(state: string) {
    if (!this.due) return;
    this.due = false;
    const { clock, messages } = this.host;
    for (const fact of messages.due(clock.now())) {
      if (fact.kind === 'steady') {
        if (state === 'STEADY') this.host.notice({ eventName: 'SERVICE_STEADY_STATE', eventType: 'INFO' });
      } else messages.add(clock.now(), fact);
    }
    // those said again stand anew; one dropped (no longer steady) leaves the next to another moment
    this.await();
  }
}
