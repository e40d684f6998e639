// The inputs the side-step machines are walked with on their own: every
// fault on or off, and with and without a health check, as a task gives them.
const bools = [false, true];
export const capacityInputs = [1, null].map((availableAfterMs) => ({ availableAfterMs, timeoutMs: 2 }));
export const eniInputs = bools.flatMap((failAttach) => bools.map((releaseBlocked) => ({ createMs: 1, attachMs: 1, attachTimeoutMs: 2, detachMs: 1, deleteMs: 1, failAttach, releaseBlocked })));
export const targetInputs = bools.flatMap((failRegister) => bools.map((failHealthChecks) => ({ index: 0, targetGroupArn: 'tg', registerMs: 1, healthyAfterMs: 1, unhealthyAfterMs: 1, failHealthChecks, deregistrationDelayMs: 1, failRegister })));
export const registryInputs = bools.map((failRegister) => ({ registerMs: 1, deregisterMs: 1, failRegister }));
export const containerInputs = [null, 'CannotPullContainerError: x'].flatMap((pullError) =>
  bools.flatMap((ignoreSigterm) => [null, 1].flatMap((healthCheckMs) => bools.map((failHealthChecks) => ({
    name: 'c', image: 'c:1', pullMs: 1, startMs: 1, pullError, sigtermExitMs: 1, sigtermExitCode: 0, ignoreSigterm, stopTimeoutMs: 2, healthCheckMs, failHealthChecks, startTimeoutMs: 3,
  })))),
).map((input) => ({ ...input, exitsAfterMs: null, exitsWith: 0 }));
