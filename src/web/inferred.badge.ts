// The mark on whatever AWS does not document: a state, a status, a rule of
// the scheduler. The same words everywhere, since a learner reads them as a
// promise about the source: "inferred" where AWS is silent, "partly inferred"
// where AWS documents the state or status name but part of what happens there
// is our model (the description beside the mark says which part).
import { h } from './dom.ts';

export const INFERRED_MEANING = 'Our model where AWS is silent: the description says which part is ours';

export const PARTLY_MEANING = 'AWS documents this; part of it is our model: the description says which part';

/** `partly`: for what AWS documents (a state, a status name) where part of what happens is our model. */
export const inferredBadge = (partly = false) => h('span', { class: 'badge-inferred', title: partly ? PARTLY_MEANING : INFERRED_MEANING }, partly ? 'partly inferred' : 'inferred');
