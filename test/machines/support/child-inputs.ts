// The inputs the side-step machines are walked with on their own: every
// fault on or off, and with and without a health check, as a task gives them
// (failing checks that never pass, pass after a slow start, or fail after passing).
const bools = [false, true];
export const capacityInputs = [1, null].map((availableAfterMs) => ({ availableAfterMs, timeoutMs: 2 }));
export const eniInputs = bools.flatMap((failAttach) => bools.map((releaseBlocked) => ({ createMs: 1, attachMs: 1, attachTimeoutMs: 2, detachMs: 1, deleteMs: 1, failAttach, releaseBlocked })));
export const targetInputs = bools.flatMap((failRegister) =>
  [false, true, 'recovers', 'goesBad'].map((fails) => ({
    index: 0, targetGroupArn: 'tg', registerMs: 1, healthyAfterMs: 1, unhealthyAfterMs: 1, failHealthChecks: fails === true || fails === 'recovers', recoversAfterMs: fails === 'recovers' ? 1 : null,
    failsAfterMs: fails === 'goesBad' ? 1 : null, deregistrationDelayMs: 1, failRegister,
  })),
);
export const registryInputs = bools.map((failRegister) => ({ registerMs: 1, deregisterMs: 1, failRegister }));
export const containerInputs = [null, 'CannotPullContainerError: x'].flatMap((pullError) =>
  bools.flatMap((ignoreSigterm) => [null, 1].flatMap((healthCheckMs) => [false, true, 'recovers', 'goesBad'].map((fails) => ({
    name: 'c', image: 'c:1', pullMs: 1, startMs: 1, pullError, sigtermExitMs: 1, sigtermExitCode: 0, ignoreSigterm, stopTimeoutMs: 2, healthCheckMs,
    failHealthChecks: fails === true || fails === 'recovers', healthRecoversAfterMs: fails === 'recovers' ? 1 : null, healthFailsAfterMs: fails === 'goesBad' ? 1 : null, startTimeoutMs: 3, healthJitterMs: 0,
  })))),
).map((input) => ({ ...input, exitsAfterMs: null, exitsWith: 0 }));
