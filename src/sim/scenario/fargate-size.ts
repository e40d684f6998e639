// Task size. Fargate runs a task only in one of its sizes: task-level cpu and
// memory are required, and each cpu allows a fixed range of memory (task
// definition parameters, "Task size"). On EC2 both are optional, cpu from 128
// to 196608 units. Either way the containers must fit in the task.
// RegisterTaskDefinition refuses anything else, so the simulator does too,
// saying which values would do.

/** cpu units → allowed memory (MiB): from, to, step (256 allows 512, 1024 or 2048 only). */
const SIZES: Record<number, [number, number, number]> = {
  256: [512, 2048, 0],
  512: [1024, 4096, 1024],
  1024: [2048, 8192, 1024],
  2048: [4096, 16384, 1024],
  4096: [8192, 30720, 1024],
  8192: [16384, 61440, 4096],
  16384: [32768, 122880, 8192],
};

/** "1024", "1 vCPU", ".25 vcpu" → CPU units; null when it is neither. */
export function cpuUnits(value: string): number | null {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const m = /^(\d*\.?\d+)\s*vcpu$/i.exec(v);
  return m ? Math.round(Number(m[1]) * 1024) : null;
}

/** "2048", "2 GB", "2GB" → MiB; null when it is neither. */
export function memoryMiB(value: string): number | null {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const m = /^(\d*\.?\d+)\s*gb$/i.exec(v);
  return m ? Math.round(Number(m[1]) * 1024) : null;
}

const range = ([from, to, step]: [number, number, number]) => (step === 0 ? `${from}, 1024 or ${to}` : `${from} to ${to} in steps of ${step}`);
const allows = ([from, to, step]: [number, number, number], mib: number) =>
  step === 0 ? [512, 1024, 2048].includes(mib) : mib >= from && mib <= to && (mib - from) % step === 0;

/** What is wrong with a Fargate task size, naming the field (`cpu` or `memory`), or null. */
export function fargateSizeProblem(cpu: string | null, memory: string | null): { field: 'cpu' | 'memory'; problem: string } | null {
  const cpus = Object.keys(SIZES).join(', ');
  // both missing: said at once, or the person fixes cpu only to be told of memory next
  if (cpu === null && memory === null) return { field: 'cpu', problem: `required on Fargate, and memory with it: a task size such as cpu "256" with memory "512" (CPU units ${cpus}, or "1 vCPU")` };
  if (cpu === null) return { field: 'cpu', problem: `required on Fargate: the task's CPU units (${cpus}, or "1 vCPU")` };
  const units = cpuUnits(cpu);
  if (units === null || !SIZES[units]) return { field: 'cpu', problem: `must be one of Fargate's sizes (${cpus} CPU units, or "1 vCPU"), got "${cpu}"` };
  const allowed = SIZES[units];
  if (memory === null) return { field: 'memory', problem: `required on Fargate: with cpu ${cpu}, give ${range(allowed)} MiB` };
  const mib = memoryMiB(memory);
  // a unit the API does not read ("2 GiB", "2048 MiB"): the unit is the problem, not the size
  if (mib === null) return { field: 'memory', problem: `must be MiB as a number ("2048") or GB ("2 GB"), got "${memory}"` };
  if (!allows(allowed, mib))
    return { field: 'memory', problem: `with cpu ${cpu} Fargate allows ${range(allowed)} MiB (or "2 GB" style), got "${memory}"` };
  return null;
}

/** The smallest Fargate size that holds `cpu` units and `memory` MiB (for "what if it ran on Fargate"). */
export function fittingFargateSize(cpu: number, memory: number): { cpu: string; memory: string } {
  for (const [units, limits] of Object.entries(SIZES).map(([u, l]) => [Number(u), l] as const)) {
    if (units < cpu) continue;
    const [from, to, step] = limits;
    const candidates = step === 0 ? [512, 1024, 2048] : Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
    const fit = candidates.find((m) => m >= memory);
    if (fit !== undefined) return { cpu: String(units), memory: String(fit) };
  }
  return { cpu: '16384', memory: '122880' };
}

/**
 * The containers must fit in the task, when it gives a size: their CPU units
 * summed, and the memory they reserve (memoryReservation, else memory, as
 * ContainerDefinition says) summed; no container's hard limit may pass the
 * task's memory either.
 */
export function containersFitProblem(
  cpu: string | null,
  memory: string | null,
  containers: readonly { cpu: number; memory: number | null; memoryReservation: number | null }[],
): { field: 'cpu' | 'memory'; problem: string } | null {
  const units = cpu === null ? Infinity : (cpuUnits(cpu) ?? 0);
  const mib = memory === null ? Infinity : (memoryMiB(memory) ?? 0);
  const askedCpu = containers.reduce((n, c) => n + c.cpu, 0);
  const askedMib = containers.reduce((n, c) => n + (c.memoryReservation ?? c.memory ?? 0), 0);
  const hardest = containers.reduce((n, c) => Math.max(n, c.memory ?? 0), 0);
  if (askedCpu > units) return { field: 'cpu', problem: `the containers ask for ${askedCpu} CPU units in all, more than the task's ${units}` };
  if (askedMib > mib) return { field: 'memory', problem: `the containers reserve ${askedMib} MiB in all, more than the task's ${mib}` };
  if (hardest > mib) return { field: 'memory', problem: `a container's memory limit (${hardest} MiB) is more than the task's ${mib}` };
  return null;
}

/** EC2 (and ECS Anywhere): a task-level size is optional, but when given it must be one. */
export function ec2SizeProblem(cpu: string | null, memory: string | null): { field: 'cpu' | 'memory'; problem: string } | null {
  const units = cpu === null ? null : cpuUnits(cpu);
  if (cpu !== null && (units === null || units < 128 || units > 196_608))
    return { field: 'cpu', problem: `must be from 128 to 196608 CPU units (or "1 vCPU" style), got "${cpu}"` };
  const mib = memory === null ? null : memoryMiB(memory);
  if (memory !== null && (mib === null || mib < 1)) return { field: 'memory', problem: `must be a whole number of MiB above 0 (or "2 GB" style), got "${memory}"` };
  return null;
}
