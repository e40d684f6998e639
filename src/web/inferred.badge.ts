// The mark on whatever AWS does not document: a state, a status, a rule of
// the scheduler. One wording everywhere, since a learner reads it as a promise
// about the source. It says "where AWS is silent" rather than "AWS documents
// nothing": a status's name can be AWS's while its moment is our model, and
// the description beside the mark says which part is ours.
import { h } from './dom.ts';

export const INFERRED_MEANING = 'Our model where AWS is silent: the description says which part is ours';

export const PARTLY_MEANING = 'AWS documents this; part of it is our model: the description says which part';

/** `partly`: for what AWS documents (a state, a status name) where part of what happens is our model. */
export const inferredBadge = (partly = false) => h('span', { class: 'badge-inferred', title: partly ? PARTLY_MEANING : INFERRED_MEANING }, partly ? 'partly inferred' : 'inferred');
