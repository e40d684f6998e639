// An actor scope that executes nothing: no children started, sends go
// nowhere. With it a machine can be stepped as a pure function of its
// snapshot (machine.transition / machine.microstep) without an actor per
// instance; one scope serves every instance.
import { createEmptyActor, type AnyActorScope, type InspectionEvent } from 'xstate';

export function quietScope(inspect?: (ev: InspectionEvent) => void): AnyActorScope {
  const self = createEmptyActor();
  if (inspect) self.system.inspect(inspect);
  return {
    self,
    id: '',
    sessionId: 'quiet',
    logger: () => {},
    defer: () => {},
    system: self.system,
    stopChild: () => {},
    emit: () => {},
    actionExecutor: () => {},
  } as unknown as AnyActorScope;
}
